/**
 * `@mcp-oauth/node`: the only package that touches Node built-ins. This entry has both sides and
 * so needs `@mcp-oauth/server-flow` installed; a client imports `@mcp-oauth/node/client` instead,
 * which works without it.
 * @packageDocumentation
 */
export * from './server';
export * from './client';
