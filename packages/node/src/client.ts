/**
 * `@mcp-oauth/node/client`: the client-side helpers only. Importing it never loads
 * `@mcp-oauth/server-flow`, which a client-only install does not have (an optional peer).
 * @packageDocumentation
 */
export { startLoopbackReceiver, type LoopbackReceiver, type LoopbackReceiverOptions } from './client/start-loopback-receiver';
export { loopbackAuthorize, type LoopbackAuthorize, type LoopbackAuthorizeOptions } from './client/loopback-authorize';
export { fileTokenStore, tokenFileName, type FileTokenStoreOptions } from './client/file-token-store';
export { openBrowser, type OpenBrowserOptions } from './client/open-browser';
export { debugTrace, type DebugTraceOptions } from './client/debug-trace';
export * from './pinned-fetch';
export { NodeError, type NodeErrorCode } from './errors';
