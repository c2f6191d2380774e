// Bounded HTTP for `inspect`: no redirects followed, bodies size-limited, every request time-limited.
import type { FetchLike } from '@mcp-oauth/client-flow';

export interface ProbeOptions {
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  /** Told of each request that got no answer, and why. */
  readonly onFailure?: (url: URL, kind: NetworkFailure) => void;
}

export type { InspectFailure as NetworkFailure } from '../inspect';
import type { InspectFailure as NetworkFailure } from '../inspect';

const TLS = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|EPROTO|ALTNAME/i;

/** The kind of a fetch failure, from the error and its `cause` chain (Node's undici puts the system error there). */
export function networkFailure(e: unknown): NetworkFailure {
  for (let x: unknown = e, depth = 0; x instanceof Error && depth < 4; x = x.cause, depth++) {
    if (x.name === 'TimeoutError' || x.name === 'AbortError') return 'timeout';
    const code = (x as { code?: unknown }).code;
    if (code === 'ECONNREFUSED') return 'refused';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'reset';
    if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'timeout';
    if ((typeof code === 'string' && TLS.test(code)) || /certificate|ssl|tls/i.test(x.message)) return 'tls';
  }
  return 'network';
}

/** The failure in words, for a person. */
export const FAILURE_TEXT: Record<NetworkFailure, string> = {
  refused: 'connection refused (nothing listens at that host and port)',
  timeout: 'timed out (no answer within the time limit)',
  tls: 'TLS error (the certificate or the TLS handshake was refused)',
  dns: 'host name not found (DNS)',
  reset: 'connection reset by the server',
  network: 'network error',
};

export interface Probed {
  readonly status: number;
  readonly headers: Headers;
  /** The body as a JSON object, when it is one (at most 64 KiB). */
  readonly json?: Record<string, unknown>;
}

const MAX = 65_536;

async function boundedText(res: Response): Promise<string | undefined> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX) { await reader.cancel().catch(() => {}); return undefined; }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) { bytes.set(c, off); off += c.byteLength; }
  return new TextDecoder().decode(bytes);
}

/** One request; network errors and timeouts resolve `undefined`. */
export async function probe(o: ProbeOptions, url: string | URL, init: RequestInit = {}): Promise<Probed | undefined> {
  try {
    const res = await o.fetch(String(url), { ...init, redirect: 'manual', signal: AbortSignal.timeout(o.timeoutMs) });
    const text = await boundedText(res);
    let json: Record<string, unknown> | undefined;
    if (text !== undefined && (res.headers.get('content-type') ?? '').includes('json')) {
      try {
        const v: unknown = JSON.parse(text);
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) json = v as Record<string, unknown>;
      } catch { /* not JSON: json stays undefined */ }
    }
    return { status: res.status, headers: res.headers, ...(json ? { json } : {}) };
  } catch (e) {
    o.onFailure?.(new URL(url), networkFailure(e));
    return undefined;
  }
}

/** True for https URLs and http on loopback (`localhost`, 127.0.0.0/8, `[::1]`). */
export function isSecureUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || !URL.canParse(raw)) return false;
  const u = new URL(raw);
  return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(u.hostname)));
}

/** The MCP well-known URL orders (RFC 9728 §3.1 for PRM, RFC 8414 §3.1 + OIDC for AS metadata). */
export function prmUrls(server: URL): URL[] {
  const path = server.pathname === '/' ? '' : server.pathname;
  const root = new URL('/.well-known/oauth-protected-resource', server.origin);
  return path ? [new URL(root.href + path), root] : [root];
}

export function asMetadataUrls(issuer: string): URL[] {
  const u = new URL(issuer);
  const path = u.pathname.replace(/\/$/, '');
  const at = (p: string): URL => new URL(u.origin + p);
  return path
    ? [at(`/.well-known/oauth-authorization-server${path}`), at(`/.well-known/openid-configuration${path}`), at(`${path}/.well-known/openid-configuration`)]
    : [at('/.well-known/oauth-authorization-server'), at('/.well-known/openid-configuration')];
}
