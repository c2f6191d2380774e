// Bounded request parsing and the response shapes every endpoint uses.
import { ServerFlowError } from '../errors';

export const MAX_PARAMS = 64;
/** Seconds a client is asked to wait after a 503 (`StoreFull`, `StoreUnavailable`, `UpstreamFailed`). */
export const STORE_FULL_RETRY_AFTER = 60;
const UTF8 = new TextDecoder();

/** Reads a body up to `max` bytes; more is PayloadTooLarge (the rest is never buffered). */
export async function readBody(request: Request, max: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= max)) throw new ServerFlowError('PayloadTooLarge');
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      // Not awaited: on a tee branch (a cloned request) it settles only once both branches are cancelled.
      reader.cancel().catch(() => {});
      throw new ServerFlowError('PayloadTooLarge');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}

/** Parses `application/x-www-form-urlencoded` into a Map; a repeated or empty-named parameter is refused (A12). */
export function parseForm(text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (text === '') return out;
  const params = new URLSearchParams(text);
  let n = 0;
  for (const [k, v] of params) {
    if (++n > MAX_PARAMS) throw new ServerFlowError('InvalidRequest', 'too many parameters');
    if (out.has(k)) throw new ServerFlowError('InvalidRequest', 'a parameter was repeated');
    out.set(k, v);
  }
  return out;
}

/** Reads a bounded form body; the content type must be form-urlencoded (RFC 6749 §3.2). */
export async function readForm(request: Request, max: number): Promise<Map<string, string>> {
  if (request.method !== 'POST') throw new ServerFlowError('MethodNotAllowed');
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new ServerFlowError('InvalidRequest', 'form body expected');
  return parseForm(UTF8.decode(await readBody(request, max)));
}

/** The query of a URL as a Map, with the same duplicate rule as forms. */
export function queryParams(url: URL): Map<string, string> {
  return parseForm(url.search.slice(1));
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...NO_STORE, ...headers } });
}

/** A response ready to send as is (see AuthorizationServer.prepared). */
export interface PreparedResponse {
  readonly status: number;
  /** Every header, `content-length` included. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array<ArrayBuffer>;
}

/** Whether a method only reads (GET, HEAD). */
export const isRead = (method: string): boolean => method === 'GET' || method === 'HEAD';

/** A frozen 200 response of the UTF-8 of `text` with `headers` and its length. */
export function prepare(text: string, headers: Record<string, string>): PreparedResponse {
  const body = new TextEncoder().encode(text);
  return Object.freeze({ status: 200, headers: Object.freeze({ ...headers, 'content-length': `${body.byteLength}` }), body });
}

/** Headers of a public JSON document any origin may read and cache. */
export const publicJson = (maxAge = 3600): Record<string, string> =>
  ({ 'content-type': 'application/json', 'cache-control': `public, max-age=${maxAge}`, 'access-control-allow-origin': '*' });

/** The RFC 6749 §5.2 JSON error body for a coded error (description is ours, never request data). */
export function errorJson(e: ServerFlowError, headers: Record<string, string> = {}): Response {
  const extra: Record<string, string> = { ...headers };
  if (e.status === 401 && e.code === 'InvalidClient' && extra['www-authenticate'] === undefined) extra['www-authenticate'] = 'Basic realm="token"';
  if (e.status === 503) extra['retry-after'] ??= String(STORE_FULL_RETRY_AFTER);
  const body: Record<string, string> = { error: e.oauthError };
  if (e.message !== e.code) body['error_description'] = e.message;
  return json(body, e.status, extra);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`=/]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Headers on every HTML page: not frameable, no referrer, nothing loaded (A20). */
export const HTML_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/** A local HTML error page: used wherever redirecting would be unsafe (A14). Never a Location. */
export function errorPage(e: ServerFlowError): Response {
  const body = `<!doctype html><meta charset="utf-8"><title>Authorization error</title><h1>Authorization error</h1><p>${escapeHtml(e.oauthError)}: ${escapeHtml(e.message)}</p>`;
  return new Response(body, { status: e.status === 401 ? 400 : e.status, headers: HTML_HEADERS });
}

/**
 * A flow cookie's name and its Set-Cookie lines (A85): on https `__Host-<name>` (Secure, Path=/, no
 * Domain, so a sibling or parent domain cannot plant or overwrite it, and a planted `<name>` is a
 * different cookie); on http loopback the plain name, scoped to `path`.
 */
export function flowCookie(secure: boolean, name: string, path: string, sameSite: 'Strict' | 'Lax'): { name: string; set(value: string, maxAge: number): string; clear(): string } {
  const full = secure ? `__Host-${name}` : name;
  const attrs = `Path=${secure ? '/' : path}; HttpOnly; SameSite=${sameSite}${secure ? '; Secure' : ''}`;
  return { name: full, set: (value, maxAge) => `${full}=${value}; ${attrs}; Max-Age=${maxAge}`, clear: () => `${full}=; ${attrs}; Max-Age=0` };
}

/** Reads one cookie from the Cookie header. */
export function cookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (header === null || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}
