import { assertSafeUrl } from './assert-safe-url';
import { MetadataError } from './errors';
import { isPrivateIp, normalizeIp } from './internal/ip';
import { isRedirect } from './internal/redirect';

/** Options of {@link guardedFetch}. */
export interface GuardedFetchOptions {
  /** The `fetch` to call. For DNS-rebinding safety on a server, pass one that pins the checked address (`@mcp-oauth/node`). */
  fetch?: typeof fetch;
  /**
   * Resolves a hostname to its IP addresses. When given, every answer must be a public address;
   * an empty answer or a non-IP answer is refused. Without it only IP-literal hosts are checked.
   */
  resolve?: (hostname: string) => Promise<readonly string[]>;
  /** Skip the address policy (loopback and private hosts allowed), e.g. for a desktop client. Default `false`. */
  allowPrivateAddresses?: boolean;
  /** Passed to {@link assertSafeUrl}. Default `true`. */
  allowLoopbackHttp?: boolean;
  /** Aborts the request (code `Timeout`). */
  signal?: AbortSignal;
  /** Other request options (method, headers, body, credentials); `redirect` and `signal` are always set here. */
  init?: Omit<RequestInit, 'redirect' | 'signal'>;
}

/**
 * Fetches an untrusted URL with the SSRF policy of C-SSRF-1: the URL must pass
 * {@link assertSafeUrl}; unless `allowPrivateAddresses`, an IP-literal host (any encoding),
 * `localhost`, and, when a `resolve` hook is given, any host with a non-public answer is refused
 * before a request is made; redirects are never followed (`redirect: 'manual'`; a 3xx, an opaque
 * redirect or a response that a custom `fetch` followed a redirect to is refused, body cancelled).
 *
 * Pure web code cannot see the address a `fetch` connects to, so a host that answers "public" to
 * `resolve` and "private" to the real connection (DNS rebinding) is only stopped by a `fetch` that
 * connects to the checked address, which `@mcp-oauth/node` provides. Read the body with
 * {@link readJsonBody} to bound its size and time.
 *
 * @throws {MetadataError} `InsecureUrl`, `PrivateAddress`, `RedirectRefused`, `Timeout`, `NetworkError`
 * (`fetch` or `resolve` failed).
 * @throws {TypeError} when `url` is neither a string nor a URL.
 * @example
 * ```ts
 * import { guardedFetch, readJsonBody } from '@mcp-oauth/metadata';
 * declare const cimdUrl: string; // an attacker-chosen URL
 * declare function resolve(hostname: string): Promise<readonly string[]>; // e.g. DNS A + AAAA lookup
 * const res = await guardedFetch(cimdUrl, { resolve, signal: AbortSignal.timeout(5000) });
 * const doc = await readJsonBody(res, { maxBytes: 5120 });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.13 (OAuth endpoints and SSRF)
 */
export async function guardedFetch(url: string | URL, options: GuardedFetchOptions = {}): Promise<Response> {
  const { fetch: f = fetch, resolve, signal } = options;
  const u = assertSafeUrl(url, options);
  const host = u.hostname;
  let res: Response;
  try {
    if (!options.allowPrivateAddresses) {
      // An IP literal or localhost is its own answer; a hostname is checked only through `resolve`.
      const answers = normalizeIp(host) ? [host] : resolve ? await resolve(host) : [];
      if ((resolve && !answers.length) || answers.some((a) => isPrivateIp(normalizeIp(a) ?? '['))) {
        throw new MetadataError('PrivateAddress');
      }
    }
    res = await f(u.href, { ...options.init, redirect: 'manual', signal: signal ?? null });
  } catch (e) {
    throw e instanceof MetadataError ? e : new MetadataError(signal?.aborted ? 'Timeout' : 'NetworkError');
  }
  if (isRedirect(res)) {
    res.body?.cancel().catch(() => {});
    throw new MetadataError('RedirectRefused');
  }
  return res;
}
