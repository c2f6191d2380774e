import type { ProtectedResource } from '@mcp-oauth/server-flow';
import { principalOf } from './auth-info';
import type { BearerAuthMiddleware } from './bearer-auth';
import { calledTools, sendResponse } from './internal/express';

/**
 * Express middleware for step-up authorization with the SDK's server transports: a `tools/call` (in
 * a single message or a batch) for a tool listed in `toolScopes` whose token lacks the tool's scopes
 * is answered 403 `insufficient_scope` naming every scope the request needs, so the client
 * re-authorizes with the union of granted and challenged scopes (R-TOK-4, C-TOK-3). The scope
 * hierarchy is honoured (`mcp:exec:*` covers `mcp:exec:workflows`). Goes after {@link bearerAuth}
 * and a JSON body parser.
 *
 * @throws {TypeError} when `rs` is not a protected resource or `toolScopes` is not an object of scope lists;
 *   passed to `next` when no body parser or no {@link bearerAuth} ran before it.
 * @example
 * ```ts
 * import express from 'express'
 * import { bearerAuth, requireToolScopes } from '@mcp-oauth/mcp-sdk'
 * import type { ProtectedResource } from '@mcp-oauth/server-flow'
 * declare const rs: ProtectedResource
 * declare const handler: express.RequestHandler
 *
 * const app = express()
 * app.post('/mcp', bearerAuth(rs), express.json(), requireToolScopes(rs, { run_workflow: ['mcp:exec:workflows:run'] }), handler)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 */
export function requireToolScopes(rs: ProtectedResource, toolScopes: Readonly<Record<string, readonly string[]>>): BearerAuthMiddleware {
  if (typeof rs?.requireScopes !== 'function') throw new TypeError('rs must be a ProtectedResource');
  if (typeof toolScopes !== 'object' || toolScopes === null) throw new TypeError('toolScopes must map tool names to scope lists');
  const table = new Map<string, readonly string[]>();
  for (const [name, scopes] of Object.entries(toolScopes)) {
    if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string' && s !== '')) throw new TypeError('toolScopes must map tool names to scope lists');
    table.set(name, [...scopes]);
  }
  return async (req, res, next) => {
    try {
      const principal = principalOf(req.auth);
      if (!principal) throw new TypeError('requireToolScopes must run after bearerAuth');
      if ((req.method ?? '').toUpperCase() === 'POST') {
        if (req.body === undefined) throw new TypeError('requireToolScopes needs a JSON body parser before it');
        const needed = new Set<string>();
        for (const name of calledTools(req.body)) for (const s of table.get(name) ?? []) needed.add(s);
        const denied = needed.size > 0 ? rs.requireScopes(principal, [...needed]) : undefined;
        if (denied) { await sendResponse(res, denied); return; }
      }
      next();
    } catch (e) {
      next(e);
    }
  };
}
