// Structural Express/node:http shapes: the package never imports express or node:*.
import type { McpAuthInfo } from '../types';

/** The parts of an Express `Request` (or Node `IncomingMessage`) the middleware reads and writes. */
export interface ExpressRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  /** Express: the URL before any router mount path was stripped. */
  originalUrl?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Set by a body parser (`express.json()`, `express.urlencoded()`). */
  body?: unknown;
  /** Set by the middleware for the SDK's server transport (the SDK declares the same field). */
  auth?: McpAuthInfo | undefined;
}

/** The parts of an Express `Response` (or Node `ServerResponse`) the middleware writes to. */
export interface ExpressResponseLike {
  readonly headersSent: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(chunk?: string): unknown;
}

/** Express's `next`. */
export type ExpressNext = (error?: unknown) => void;

const NO_BODY = new Set(['GET', 'HEAD']);

/** A body-less Fetch `Request` with the method, URL and headers of `req` (plus a parsed form body, so RFC 6750 §2.2 tokens are seen). */
export function toFetchRequest(req: ExpressRequestLike, origin: string): Request {
  const method = (req.method ?? 'GET').toUpperCase();
  const path = req.originalUrl ?? req.url ?? '/';
  const url = new URL(path.startsWith('/') && !path.startsWith('//') ? path : `/${path.replace(/^\/+/, '')}`, origin);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  let body: string | undefined;
  const type = (headers.get('content-type') ?? '').toLowerCase();
  if (!NO_BODY.has(method) && type.startsWith('application/x-www-form-urlencoded') && typeof req.body === 'object' && req.body !== null) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(req.body)) if (typeof v === 'string') form.append(k, v);
    body = form.toString();
  }
  headers.delete('content-length');
  return new Request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
}

/** Writes a (small) Fetch `Response` to `res`. */
export async function sendResponse(res: ExpressResponseLike, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [k, v] of response.headers) headers[k] = v;
  const text = await response.text();
  res.writeHead(response.status, headers);
  res.end(text);
}

/** Tool names of the `tools/call` requests in a parsed JSON-RPC body (one message or a batch). */
export function calledTools(body: unknown): string[] {
  const out: string[] = [];
  for (const m of Array.isArray(body) ? body : [body]) {
    if (typeof m !== 'object' || m === null) continue;
    const msg = m as { method?: unknown; params?: { name?: unknown } | null };
    if (msg.method === 'tools/call' && typeof msg.params?.name === 'string') out.push(msg.params.name);
  }
  return out;
}
