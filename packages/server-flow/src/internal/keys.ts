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
  resolvers.delete(ctx);
}

export async function publicJwks(ctx: Ctx): Promise<{ keys: Jwk[] }> {
  return { keys: (await signingKeys(ctx)).map((k) => ({ ...k.publicJwk, use: 'sig', alg: k.privateKey.alg })) };
}

type Resolver = { resolver: JwksResolver; algs: JwtAlgorithm[] };
const resolvers = new WeakMap<Ctx, Resolver>();

/**
 * A verification resolver over the published keys: returned as is once built (no await on the
 * bearer hot path), built again after a rotation.
 */
export const localResolver = (ctx: Ctx): Resolver | Promise<Resolver> => resolvers.get(ctx) ?? buildResolver(ctx);

async function buildResolver(ctx: Ctx): Promise<Resolver> {
  const p = signingKeys(ctx);
  const jwks = await publicJwks(ctx);
  const entry = { resolver: createLocalJwks(jwks), algs: [...new Set(jwks.keys.map((k) => k.alg as JwtAlgorithm))] };
  if (keys.get(ctx) === p) resolvers.set(ctx, entry); // not when a rotation came in between
  return entry;
}
