import type { Principal, ProtectedResource } from '@mcp-oauth/server-flow';
import { lazyWebRequest } from './lazy-request';
import type { NodeRequestLike, NodeResponseLike } from './types';

/** A response that can also take single headers before the handler writes (Node's `ServerResponse`, Express's `Response`). */
export interface NodeResponseWithHeaders extends NodeResponseLike {
  setHeader(name: string, value: string): unknown;
}

/** The handler behind {@link protectNodeHandler}: runs only for a request whose bearer token passed every check. */
export type ProtectedNodeHandler<Req extends NodeRequestLike, Res extends NodeResponseWithHeaders> =
  (req: Req, res: Res, principal: Principal, next?: (error?: unknown) => void) => unknown;

const FORM = /^application\/x-www-form-urlencoded/i;
const encoder = new TextEncoder();

function reply(res: NodeResponseLike, status: number, headers: Record<string, string>, body: string | null): void {
  const bytes = body === null ? undefined : encoder.encode(body);
  res.writeHead(status, { ...headers, 'content-length': String(bytes?.byteLength ?? 0) });
  res.end(bytes);
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(', ') : v);

/**
 * The bearer check of `rs.authenticate` straight on a Node request's headers, without building
 * Fetch `Request`/`Response` objects: the fast path for a protected MCP endpoint on `node:http` or
 * Express. Every check stays: token68 syntax, signature (or the verified-token cache), expiry,
 * audience, grant alive, not revoked, required scopes; a token in the query string is refused (400).
 * A refusal is sent as is (401/400/403/503 with `WWW-Authenticate`) and reported to the resource's
 * `onReject` hook with the request's method and path; on success the resource's
 * `cors` headers are set on `res` and `handler(req, res, principal)` runs. With `cors`, an OPTIONS
 * preflight is answered. A request with an `application/x-www-form-urlencoded` body is refused with
 * 415 after the token check (checking such a body for a second token would consume it; MCP
 * endpoints take JSON): use `toNodeHandler` with `rs.authenticate` for form endpoints.
 * An exception from the handler goes to `next` (Express) or becomes a bare 500.
 *
 * @throws {TypeError} when `rs` has no `authenticateHeaders` or `handler` is not a function.
 * @example
 * ```ts
 * import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
 * import express from 'express'
 * import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
 * import { protectNodeHandler } from '@mcp-oauth/node'
 * import type { ProtectedResource } from '@mcp-oauth/server-flow'
 * declare const rs: ProtectedResource
 * declare const transport: StreamableHTTPServerTransport
 *
 * createServer(protectNodeHandler(rs, (req: IncomingMessage, res: ServerResponse, principal) => {
 *   res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hello: principal.subject }))
 * })).listen(3000, '127.0.0.1')
 * const app = express()
 * app.post('/mcp', protectNodeHandler(rs, (req: express.Request, res: express.Response) => transport.handleRequest(req, res))) // Express
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function protectNodeHandler<Req extends NodeRequestLike, Res extends NodeResponseWithHeaders>(
  rs: Pick<ProtectedResource, 'authenticateHeaders' | 'corsHeaders' | 'handlePreflight'>,
  handler: ProtectedNodeHandler<Req, Res>,
): (req: Req, res: Res, next?: (error?: unknown) => void) => Promise<void> {
  if (typeof rs?.authenticateHeaders !== 'function') throw new TypeError('rs must be a ProtectedResource');
  if (typeof handler !== 'function') throw new TypeError('handler must be a function');
  return async (req, res, next) => {
    let principal: Principal;
    try {
      const h = req.headers;
      const origin = first(h['origin']);
      if (req.method === 'OPTIONS' && origin !== undefined) {
        const pre = rs.handlePreflight(lazyWebRequest(req, new AbortController().signal));
        if (pre !== undefined) {
          const headers: Record<string, string> = {};
          for (const [k, v] of pre.headers) headers[k] = v;
          reply(res, pre.status, headers, null);
          return;
        }
      }
      const result = await rs.authenticateHeaders({ authorization: first(h['authorization']), target: req.originalUrl ?? req.url ?? '/', origin, method: req.method });
      if (!result.ok) { reply(res, result.status, result.headers, result.body); return; }
      const type = first(h['content-type']);
      const hasBody = (h['content-length'] !== undefined && h['content-length'] !== '0') || h['transfer-encoding'] !== undefined;
      if (type !== undefined && FORM.test(type) && hasBody) {
        reply(res, 415, { 'content-type': 'application/json', 'cache-control': 'no-store', ...rs.corsHeaders(origin) }, '{"error":"invalid_request"}');
        return;
      }
      principal = result.principal;
      for (const [k, v] of Object.entries(rs.corsHeaders(origin))) res.setHeader(k, v);
    } catch {
      if (!res.headersSent) reply(res, 500, { 'content-type': 'application/json' }, '{"error":"server_error"}');
      return;
    }
    try {
      await handler(req, res, principal, next);
    } catch (e) {
      if (next) next(e);
      else if (!res.headersSent) reply(res, 500, { 'content-type': 'application/json' }, '{"error":"server_error"}');
      else res.destroy();
    }
  };
}
