/**
 * `@mcp-oauth/cli`: the `mcp-oauth` command (demo, inspect, login, token, tools, call, logout, check, proxy) and its
 * operations as functions.
 * @packageDocumentation
 */
export { runDemo, type DemoOptions, type DemoResult, type DemoStep, type HandlerWrapper } from './run-demo';
export { CliError, type CliErrorCode } from './errors';
export { inspect, type InspectCheck, type InspectFailure, type InspectOptions, type InspectReport, type Verdict } from './inspect';
export { login, type LoginOptions, type LoginResult } from './login';
export { token, type StoredTokenOptions } from './token';
export { listTools, type McpCallOptions, type McpTool } from './list-tools';
export { callTool, type McpToolResult } from './call-tool';
export { logout, type LogoutResult } from './logout';
export { defaultStoreDir } from './default-store-dir';
export { runCli, type CliIo } from './run-cli';
export { check, type CheckOptions } from './check';
export { proxy, type ProxyOptions, type ProxyResult } from './proxy';
export type { ProxySignInOptions } from './internal/proxy-auth';
export { startDemoServers, type DemoServers, type DemoServersOptions } from './start-demo-servers';
