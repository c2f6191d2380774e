// Access-token signing keys: the first signs, all are published on /jwks (rotation keeps old ones
// until the tokens they signed have expired).
import { createLocalJwks, generateSigningKey } from '@mcp-oauth/jwt-lite';
import type { Jwk, JwksResolver, JwtAlgorithm } from '@mcp-oauth/jwt-lite';
import type { AccessTokenSigningKey } from '../options';
import type { Ctx } from './context';

const keys = new WeakMap<Ctx, Promise<AccessTokenSigningKey[]>>();

export function signingKeys(ctx: Ctx): Promise<AccessTokenSigningKey[]> {
  let p = keys.get(ctx);
  if (p === undefined) {
    const given = ctx.opts.signingKeys;
    p = given !== undefined && given.length > 0 ? Promise.resolve([...given]) : generateSigningKey('ES256').then((k) => [k]);
    keys.set(ctx, p);
  }
  return p;
}

/** Puts `next` first (it signs from now on) and keeps at most `keep` older keys published. */
export async function rotateSigningKey(ctx: Ctx, next: AccessTokenSigningKey | undefined, keep: number): Promise<void> {
  const current = await signingKeys(ctx);
  const key = next ?? (await generateSigningKey(current[0]?.privateKey.alg ?? 'ES256'));
  const list = [key, ...current].slice(0, keep + 1);
  keys.set(ctx, Promise.resolve(list));
}

export async function publicJwks(ctx: Ctx): Promise<{ keys: Jwk[] }> {
  return { keys: (await signingKeys(ctx)).map((k) => ({ ...k.publicJwk, use: 'sig', alg: k.privateKey.alg })) };
}

const resolvers = new WeakMap<Ctx, { list: AccessTokenSigningKey[]; resolver: JwksResolver; algs: JwtAlgorithm[] }>();

/** A verification resolver over the published keys, rebuilt only after a rotation. */
export async function localResolver(ctx: Ctx): Promise<{ resolver: JwksResolver; algs: JwtAlgorithm[] }> {
  const list = await signingKeys(ctx);
  const hit = resolvers.get(ctx);
  if (hit !== undefined && hit.list === list) return hit;
  const jwks = await publicJwks(ctx);
  const entry = { list, resolver: createLocalJwks(jwks), algs: [...new Set(list.map((k) => k.privateKey.alg))] };
  resolvers.set(ctx, entry);
  return entry;
}
