// CORS for the endpoints a browser-based MCP client calls (metadata, token, register, revoke, jwks,
// the PRM document and, when enabled, the protected resource's challenges).

/** Request headers a browser client may send: bearer/DPoP credentials, forms/JSON, the MCP version. */
export const ALLOW_HEADERS = 'authorization, content-type, dpop, mcp-protocol-version';
/** Response headers a browser client must be able to read. */
export const EXPOSE_HEADERS = 'www-authenticate, dpop-nonce';
/** How long a browser may cache a preflight, in seconds. */
export const MAX_AGE = '600';

/** The headers of a CORS preflight answer (204). */
export function preflightHeaders(origin: string, methods: string, allowHeaders: string = ALLOW_HEADERS): Record<string, string> {
  const headers: Record<string, string> = {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': methods,
    'access-control-allow-headers': allowHeaders,
    'access-control-max-age': MAX_AGE,
  };
  if (origin !== '*') headers['vary'] = 'origin';
  return headers;
}

/** The headers of an actual CORS response. */
export function responseHeaders(origin: string, expose: string = EXPOSE_HEADERS): Record<string, string> {
  const headers: Record<string, string> = { 'access-control-allow-origin': origin, 'access-control-expose-headers': expose };
  if (origin !== '*') headers['vary'] = 'origin';
  return headers;
}

/** Sets headers on a response this package built (its headers are mutable). */
export function addHeaders(res: Response, headers: Record<string, string>): Response {
  for (const k in headers) res.headers.set(k, headers[k]!);
  return res;
}
