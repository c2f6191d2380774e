import { ClientFlowError } from '../errors';
import type { FetchLike, HttpOptions } from '../types';

/** The fetch to use: the injected one, else the global one (looked up at call time). */
export function fetchOf(o: HttpOptions): FetchLike {
  return o.fetch ?? ((input, init) => fetch(input, init));
}

/** Sends an OAuth request: redirects not followed, the caller's address policy applied first (C-SSRF-1). */
export async function send(o: HttpOptions, url: URL, init: RequestInit): Promise<Response> {
  if (o.allowUrl && !(await o.allowUrl(url))) throw new ClientFlowError('InsecureUrl');
  init.redirect = 'manual';
  if (o.signal) init.signal = o.signal;
  const res = await fetchOf(o)(url.href, init);
  const u = url.origin + url.pathname;
  sent.set(res, u);
  o.trace?.({ type: 'http', method: init.method ?? 'GET', url: u, status: res.status });
  return res;
}

/** Each OAuth response → the URL (no query) it answered, so errors about it name URL and status. */
export const sent: WeakMap<Response, string> = new WeakMap();

/** The `url` and `status` of an OAuth response, for a {@link ClientFlowError}. */
export const whence = (res: Response): { url: string | undefined; status: number } => ({ url: sent.get(res), status: res.status });

/** Metadata made up by the 2025-03-26 fallback → the metadata URLs that were tried first. */
export const guessed: WeakMap<object, string[]> = new WeakMap();

/** A metadata GET, JSON accepted. */
export function getMetadata(o: HttpOptions, url: URL, headers: Record<string, string> = {}): Promise<Response> {
  return send(o, url, { headers: { accept: 'application/json', ...headers } });
}

/** Splits a space-separated scope string into its distinct non-empty scopes. */
export function scopes(s: string | undefined): string[] {
  return [...new Set((s ?? '').split(' ').filter(Boolean))];
}

export { b64url as b64u } from './leaf';

/** `n` random bytes from WebCrypto or the injected source. */
export function randomBytes(n: number, random?: (n: number) => Uint8Array): Uint8Array {
  return random ? random(n) : crypto.getRandomValues(new Uint8Array(n));
}

/** Narrows a JSON value to an array of strings, or `undefined`. */
export function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}
