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
  return fetchOf(o)(url.href, init);
}

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
