// Server-side adapters: Fetch handlers on node:http and Express (issue 5).
export { toWebRequest, type ToWebRequestOptions } from './server/to-web-request';
export { toNodeHandler, type PreparedSource, type ToNodeHandlerOptions } from './server/to-node-handler';
export { protectNodeHandler, type NodeResponseWithHeaders, type ProtectedNodeHandler } from './server/protect-node-handler';
export { nodeCryptoProvider } from './server/node-crypto-provider';
export type { FetchHandler, NodeRequestLike, NodeResponseLike } from './server/types';
export { mcpAuth, type ExpressAppLike, type McpAuthFetchHandler, type McpAuthHandler, type McpAuthMount, type McpAuthOptions, type NodeServerLike } from './server/mcp-auth';
