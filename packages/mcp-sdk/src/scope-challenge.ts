import { missingScopes } from '@mcp-oauth/server-flow';
import type { McpAuthInfo } from './types';

/** What the 2.x SDK passes to a `scopeChallenge` hook (structurally). */
export interface ScopeChallengeContext {
  authInfo?: McpAuthInfo | undefined;
}
/** What a 2.x `scopeChallenge` hook returns: the scopes to challenge for, or `undefined` to go on. */
export type ScopeChallengeResult = { scopes: [string, ...string[]] } | undefined;

const TOKEN = /^[\u0021\u0023-\u005B\u005D-\u007E]+$/;

/**
 * The 2.x SDK's per-tool step-up hook (`registerTool(name, { scopeChallenge }, cb)`, also on
 * resources and prompts) with server-flow's scope rules: a call whose token lacks any of `scopes`
 * is answered by the SDK with 403 `insufficient_scope` naming all of them (R-TOK-4), so the client
 * re-authorizes with the union (C-TOK-3). Unlike the SDK's `requireScopes`, the hierarchy is
 * honoured: `mcp:exec:*` covers `mcp:exec:workflows:run`. A request without `authInfo` is left to
 * the authentication gate. The 1.x SDK has no such hook: use {@link requireToolScopes} there.
 *
 * @throws {TypeError} when no scope is given or one is not an RFC 6749 scope token.
 * @example
 * ```ts
 * import { McpServer } from '@modelcontextprotocol/server'
 * import { principalOf, scopeChallenge } from '@mcp-oauth/mcp-sdk'
 *
 * const server = new McpServer({ name: 'demo', version: '1.0.0' })
 * server.registerTool('run_workflow', { scopeChallenge: scopeChallenge('mcp:exec:workflows:run') }, async (ctx) => ({
 *   content: [{ type: 'text', text: `started for ${principalOf(ctx.http?.authInfo)?.subject}` }],
 * }))
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 */
export function scopeChallenge(...scopes: [string, ...string[]]): (context: ScopeChallengeContext) => ScopeChallengeResult {
  if (scopes.length === 0 || !scopes.every((s) => typeof s === 'string' && TOKEN.test(s))) throw new TypeError('scopes must be scope tokens');
  const needed: [string, ...string[]] = [...scopes];
  return ({ authInfo }) => (authInfo === undefined || missingScopes(authInfo.scopes, needed).length === 0 ? undefined : { scopes: needed });
}
