/**
 * `@mcp-oauth/node`: the only package that touches Node built-ins.
 * @packageDocumentation
 */
export * from './server';
export * from './client';
export * from './pinned-fetch';
export * from './client-url-guard';
export { NodeError, type NodeErrorCode } from './errors';
