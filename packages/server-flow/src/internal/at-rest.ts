// Secrets kept in the store (upstream tokens, private signing keys) are sealed with AES-256-GCM
// under the operator's `encryptionKeys`: the first seals, every one opens. Each key's id (derived,
// not secret) is stored with the ciphertext; the purpose (bound to a grant or key id) and the
// issuer are the associated data, so a ciphertext moved to another record does not open.
import type { Ctx } from './context';
import { b64url } from './crypto';

interface AtRestKey { id: string; key: CryptoKey }
const cache = new WeakMap<Ctx, Promise<AtRestKey[]>>();
const enc = new TextEncoder();

async function derive(secret: string): Promise<AtRestKey> {
  const base = await crypto.subtle.importKey('raw', enc.encode(secret), 'HKDF', false, ['deriveKey', 'deriveBits']);
  const params = (info: string): HkdfParams => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: enc.encode(info) });
  const [key, id] = await Promise.all([
    crypto.subtle.deriveKey(params('mcp-oauth at-rest key'), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    crypto.subtle.deriveBits(params('mcp-oauth at-rest key id'), base, 72),
  ]);
  return { id: b64url(new Uint8Array(id)), key };
}

/** The derived keys, current first; empty without `encryptionKeys`. */
export function atRestKeys(ctx: Ctx): Promise<AtRestKey[]> {
  let p = cache.get(ctx);
  if (p === undefined) { p = Promise.all((ctx.opts.encryptionKeys ?? []).map(derive)); cache.set(ctx, p); }
  return p;
}

const aad = (ctx: Ctx, purpose: string): Uint8Array<ArrayBuffer> => enc.encode(`${purpose} ${ctx.issuer}`);

/** `<key id>.<base64url IV || ciphertext>` under the current key. */
export async function sealAtRest(ctx: Ctx, purpose: string, plain: string): Promise<string> {
  const [k] = await atRestKeys(ctx);
  if (k === undefined) throw new TypeError('encryptionKeys is empty');
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(ctx, purpose) }, k.key, enc.encode(plain)));
  const out = new Uint8Array(12 + ct.byteLength);
  out.set(iv);
  out.set(ct, 12);
  return `${k.id}.${b64url(out)}`;
}

/** The plaintext, or undefined when no configured key has that id or the ciphertext does not open. */
export async function openAtRest(ctx: Ctx, purpose: string, sealed: string): Promise<string | undefined> {
  const dot = sealed.indexOf('.');
  const k = (await atRestKeys(ctx)).find((x) => x.id === sealed.slice(0, dot));
  if (k === undefined) return undefined;
  try {
    const bin = atob(sealed.slice(dot + 1).replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: aad(ctx, purpose) }, k.key, bytes.subarray(12));
    return new TextDecoder().decode(plain);
  } catch {
    return undefined;
  }
}
