// Access-token signing keys. Operator-managed (the `signingKeys` option, or a key handed to
// rotateSigningKey): this server object's own list, the first signs. Otherwise store-managed: the
// set lives in the store (private JWKs sealed under `encryptionKeys` when given) and every instance
// on that store publishes and signs with it. The first instance to start stores a key with a
// compare-and-set; the others adopt it. Each instance re-reads the set once it is `refresh` old, and
// a rotation stores the new key with a `signFrom` at least `refresh` + the /jwks cache time ahead,
// so every instance (and every cached /jwks) publishes a key before anyone signs with it.
import { createLocalJwks, exportJwk, generateSigningKey, importJwk } from '@mcp-oauth/jwt-lite';
import type { Jwk, JwksResolver, JwtAlgorithm } from '@mcp-oauth/jwt-lite';
import { ServerFlowError } from '../errors';
import type { AccessTokenSigningKey } from '../options';
import type { StoredSigningKey } from '../store';
import { openAtRest, sealAtRest } from './at-rest';
import type { Ctx } from './context';

/** Seconds /jwks may be cached (its `Cache-Control: max-age`). */
export const JWKS_MAX_AGE = 300;
/** Default seconds between two reads of the shared key set. */
export const KEY_REFRESH = 60;

interface Entry { key: AccessTokenSigningKey; signFrom: number }
/** A key set as one instance holds it: newest `signFrom` first; `version` 0 for an operator-managed list. */
interface KeySet { version: number; list: Entry[]; stored: StoredSigningKey[]; readAt: number }

const sets = new WeakMap<Ctx, Promise<KeySet>>();
const local = new WeakSet<Ctx>();

const refreshMs = (ctx: Ctx): number => (ctx.opts.signingKeyRefresh ?? KEY_REFRESH) * 1000;
const managed = (ctx: Ctx): boolean => !local.has(ctx) && !(ctx.opts.signingKeys !== undefined && ctx.opts.signingKeys.length > 0);

async function toStored(ctx: Ctx, k: AccessTokenSigningKey, signFrom: number): Promise<StoredSigningKey> {
  const kid = k.privateKey.kid ?? String(k.publicJwk.kid);
  const priv = JSON.stringify(await exportJwk(k.privateKey));
  const base = { kid, alg: k.privateKey.alg, publicJwk: { ...k.publicJwk, kid }, signFrom };
  return ctx.opts.encryptionKeys?.length
    ? { ...base, sealedPrivateJwk: await sealAtRest(ctx, `signing-key ${kid}`, priv) }
    : { ...base, privateJwk: JSON.parse(priv) as Jwk };
}

async function fromStored(ctx: Ctx, s: StoredSigningKey): Promise<Entry> {
  const plain = s.sealedPrivateJwk === undefined ? s.privateJwk : await openAtRest(ctx, `signing-key ${s.kid}`, s.sealedPrivateJwk).then((t) => t && (JSON.parse(t) as Jwk));
  if (plain === undefined) throw new ServerFlowError('Misconfigured', 'a stored signing key does not open with the configured encryptionKeys');
  const alg = s.alg as JwtAlgorithm;
  // Extractable: a rotation seals the keys it keeps again, under the current encryption key.
  return { key: { privateKey: await importJwk(plain, alg, { kid: s.kid, extractable: true }), publicJwk: s.publicJwk }, signFrom: s.signFrom };
}

async function read(ctx: Ctx): Promise<KeySet> {
  const readAt = ctx.now();
  for (let attempt = 0; attempt < 3; attempt++) {
    const set = await ctx.store.getSigningKeys();
    if (set !== undefined && set.keys.length > 0) {
      const list = await Promise.all(set.keys.map((s) => fromStored(ctx, s)));
      return { version: set.version, list: list.sort((a, b) => b.signFrom - a.signFrom), stored: set.keys, readAt };
    }
    // The first instance: one compare-and-set wins, the others read the winner's key.
    const key = await generateSigningKey('ES256', { extractable: true });
    const stored = [await toStored(ctx, key, 0)];
    if (await ctx.store.updateSigningKeys(set?.version ?? 0, stored)) return { version: (set?.version ?? 0) + 1, list: [{ key, signFrom: 0 }], stored, readAt };
  }
  throw new ServerFlowError('ServerError');
}

function keySet(ctx: Ctx): Promise<KeySet> {
  let p = sets.get(ctx);
  if (p === undefined) {
    const given = ctx.opts.signingKeys;
    p = managed(ctx) ? read(ctx) : Promise.resolve({ version: 0, list: (given ?? []).map((key) => ({ key, signFrom: 0 })), stored: [], readAt: Infinity });
    sets.set(ctx, p);
    p.catch(() => { if (sets.get(ctx) === p) sets.delete(ctx); }); // a store failure is retried on the next call
    return p;
  }
  const current = p;
  return p.then((s) => {
    if (!managed(ctx) || ctx.now() - s.readAt < refreshMs(ctx)) return s;
    const newer = sets.get(ctx);
    if (newer !== undefined && newer !== current) return newer; // another caller is reading already
    const next = read(ctx);
    sets.set(ctx, next);
    next.catch(() => { if (sets.get(ctx) === next) sets.set(ctx, current); }); // keep the old set; retried on the next call
    return next;
  });
}

/** Every published key, newest first (the first may not sign yet: see {@link signingKey}). */
export async function signingKeys(ctx: Ctx): Promise<AccessTokenSigningKey[]> {
  return (await keySet(ctx)).list.map((e) => e.key);
}

/** The key that signs now: the newest whose `signFrom` has come. */
export async function signingKey(ctx: Ctx): Promise<AccessTokenSigningKey> {
  const { list } = await keySet(ctx);
  const t = ctx.now();
  const e = list.find((x) => x.signFrom <= t) ?? list.at(-1);
  if (e === undefined) throw new ServerFlowError('Misconfigured', 'no signing key');
  return e.key;
}

/**
 * With `next` (operator-managed from then on) or an operator-managed list: `next` signs at once,
 * `keep` older keys stay published. Store-managed: a fresh key of the current algorithm is stored
 * to sign `delay` ms from now (published at once); a pending key that never signed is replaced; the
 * key signing now and `keep - 1` older ones stay, and so does any key whose tokens may still be live.
 */
export async function rotateSigningKey(ctx: Ctx, next: AccessTokenSigningKey | undefined, keep: number, delay?: number): Promise<void> {
  if (next !== undefined || !managed(ctx)) {
    const current = await signingKeys(ctx);
    const key = next ?? (await generateSigningKey(current[0]?.privateKey.alg ?? 'ES256'));
    local.add(ctx);
    sets.set(ctx, Promise.resolve({ version: 0, list: [key, ...current].slice(0, keep + 1).map((k) => ({ key: k, signFrom: 0 })), stored: [], readAt: Infinity }));
  } else {
    const wait = delay ?? (refreshMs(ctx) + JWKS_MAX_AGE * 1000);
    for (;;) {
      sets.delete(ctx);
      const set = await keySet(ctx);
      const t = ctx.now();
      const alg = set.list.find((e) => e.signFrom <= t)?.key.privateKey.alg ?? 'ES256';
      const fresh = await generateSigningKey(alg, { extractable: true });
      // Older keys, newest first; pending ones never signed and are dropped. A key stops signing
      // when the one before it in this list starts: its tokens live `accessToken` ms after that.
      const older = set.stored.filter((s) => s.signFrom <= t).sort((a, b) => b.signFrom - a.signFrom);
      const kept = older.filter((s, i) => i < Math.max(keep, wait > 0 ? 1 : 0) || (older[i - 1]?.signFrom ?? t) + ctx.ttl.accessToken > t);
      const resealed = await Promise.all(kept.map((s) => toStored(ctx, set.list.find((e) => e.key.privateKey.kid === s.kid)!.key, s.signFrom)));
      if (await ctx.store.updateSigningKeys(set.version, [await toStored(ctx, fresh, t + wait), ...resealed])) break;
    }
    sets.delete(ctx);
  }
  resolvers.delete(ctx);
}

export async function publicJwks(ctx: Ctx): Promise<{ keys: Jwk[] }> {
  return { keys: (await signingKeys(ctx)).map((k) => ({ ...k.publicJwk, use: 'sig', alg: k.privateKey.alg })) };
}

type Resolver = { resolver: JwksResolver; algs: JwtAlgorithm[]; readAt: number };
const resolvers = new WeakMap<Ctx, Resolver>();

/**
 * A verification resolver over the published keys: returned as is while the key set is fresh (no
 * await on the bearer hot path), built again after a rotation or once the set is `refresh` old.
 */
export const localResolver = (ctx: Ctx): Resolver | Promise<Resolver> => {
  const r = resolvers.get(ctx);
  return r !== undefined && (!managed(ctx) || ctx.now() - r.readAt < refreshMs(ctx)) ? r : buildResolver(ctx);
};

async function buildResolver(ctx: Ctx): Promise<Resolver> {
  const set = await keySet(ctx);
  const jwks = { keys: set.list.map((e) => ({ ...e.key.publicJwk, use: 'sig', alg: e.key.privateKey.alg })) };
  const entry = { resolver: createLocalJwks(jwks), algs: [...new Set(jwks.keys.map((k) => k.alg as JwtAlgorithm))], readAt: set.readAt };
  if ((await sets.get(ctx)) === set) resolvers.set(ctx, entry); // not when a rotation came in between
  return entry;
}
