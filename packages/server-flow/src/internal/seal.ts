// Flow state an anonymous caller may start is sealed into what the browser carries (the consent
// form, the upstream `state`), never stored (A-DOS-1): AES-256-GCM under a per-server key, the
// purpose and issuer as associated data, an expiry inside.
import type { Ctx } from './context';
import { b64url } from './crypto';

const keys = new WeakMap<Ctx, Promise<CryptoKey>>();
const enc = new TextEncoder();
/** Longest sealed value accepted (a URL parameter or form field). */
export const MAX_SEALED = 4096;

function key(ctx: Ctx): Promise<CryptoKey> {
  let k = keys.get(ctx);
  if (k === undefined) {
    const secret = ctx.opts.upstream?.stateSecret;
    k = secret === undefined
      ? crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
      : crypto.subtle.importKey('raw', enc.encode(secret), 'HKDF', false, ['deriveKey']).then((base) =>
        crypto.subtle.deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: enc.encode('mcp-oauth sealed flow state') },
          base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'],
        ));
    keys.set(ctx, k);
  }
  return k;
}

const aad = (ctx: Ctx, purpose: string): Uint8Array<ArrayBuffer> => enc.encode(`${purpose} ${ctx.issuer}`);

/** Seals `value` for `purpose` until `ttl` milliseconds from now; base64url. */
export async function seal(ctx: Ctx, purpose: string, value: Record<string, unknown>, ttl: number): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = enc.encode(JSON.stringify({ ...value, exp: ctx.now() + ttl }));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(ctx, purpose) }, await key(ctx), plain));
  const out = new Uint8Array(12 + sealed.byteLength);
  out.set(iv);
  out.set(sealed, 12);
  return b64url(out);
}

/** The value sealed for `purpose` by this server, unexpired; undefined for anything else. */
export async function unseal(ctx: Ctx, purpose: string, token: string): Promise<Record<string, unknown> | undefined> {
  if (token.length < 60 || token.length > MAX_SEALED || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const bin = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: aad(ctx, purpose) }, await key(ctx), bytes.subarray(12));
    const v: unknown = JSON.parse(new TextDecoder().decode(plain));
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const exp = (v as { exp?: unknown }).exp;
    return typeof exp === 'number' && exp > ctx.now() ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
