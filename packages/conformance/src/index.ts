/**
 * `@mcp-oauth/conformance`: property-test any MCP authorization server and protected resource
 * over HTTP for conformance and for the known flaws, and fast-check arbitraries for your own tests.
 * @packageDocumentation
 */
export { runConformance } from './run-conformance';
export { describeConformance, type DescribeConformanceOptions, type TestRunner } from './describe-conformance';
export { conformanceProperties, type ConformancePropertyInfo } from './conformance-properties';
export { formatConformanceReport } from './format-conformance-report';
export { ConformanceError, type ConformanceErrorCode } from './errors';
export type { ConformanceOptions, ConformanceReport, ConformanceResult, LoginDriver, PreRegisteredClient, Verdict } from './types';
export * from './arbitraries';
