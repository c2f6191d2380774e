/**
 * `@mcp-oauth/node/server`: the server-side adapters (Fetch handlers on node:http and Express,
 * `mcpAuth`, `clientUrlGuard`). Needs `@mcp-oauth/server-flow` installed (an optional peer).
 * @packageDocumentation
 */
export { toWebRequest, type ToWebRequestOptions } from './server/to-web-request';
export { toNodeHandler, type PreparedSource, type ToNodeHandlerOptions } from './server/to-node-handler';
export { protectNodeHandler, type NodeResponseWithHeaders, type ProtectedNodeHandler } from './server/protect-node-handler';
export { nodeCryptoProvider } from './server/node-crypto-provider';
export type { FetchHandler, NodeRequestLike, NodeResponseLike } from './server/types';
export { mcpAuth, type ExpressAppLike, type McpAuthFetchHandler, type McpAuthHandler, type McpAuthMount, type McpAuthOptions, type NodeServerLike } from './server/mcp-auth';
export * from './pinned-fetch';
export * from './client-url-guard';
export { NodeError, type NodeErrorCode } from './errors';
