// Bounded HTTP for `inspect`: no redirects followed, bodies size-limited, every request time-limited.
import type { FetchLike } from '@mcp-oauth/client-flow';

export interface ProbeOptions {
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
}

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
  } catch {
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
