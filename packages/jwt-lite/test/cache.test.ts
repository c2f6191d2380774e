import { describe, expect, it, vi } from 'vitest';
import { createLocalJwks, createVerifiedTokenCache, signAccessToken, verifyAccessToken, verifyJwt } from '@mcp-oauth/jwt-lite';
import { keyPair, NOW } from './helpers';

const code = (c: string) => expect.objectContaining({ code: c });
const ISS = 'https://as.example.com';
const AUD = 'https://mcp.example.com/mcp';
const at = { iss: ISS, aud: AUD, sub: 'u1', client_id: 'c1', exp: NOW + 300, iat: NOW, jti: 'jti-1', scope: 'mcp:tools' };

describe('createVerifiedTokenCache', () => {
  it('R-TOK-1: a cached token skips the signature check but exp is still enforced on every call', async () => {
    const { signing, verifying } = await keyPair('ES256');
    const token = await signAccessToken(at, signing);
    const cache = createVerifiedTokenCache();
    let t = NOW;
    const o = { issuer: ISS, audience: AUD, algorithms: ['ES256' as const], now: () => t, cache };
    const spy = vi.spyOn(crypto.subtle, 'verify');
    const first = await verifyAccessToken(token, verifying, o);
    const second = await verifyAccessToken(token, verifying, o);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(second).toEqual(first);
    expect(Object.isFrozen(second)).toBe(true);
    expect(cache.size).toBe(1);
    t = NOW + 300;
    await expect(verifyAccessToken(token, verifying, o)).rejects.toEqual(code('Expired'));
    await expect(verifyAccessToken(token, verifying, { ...o, clockTolerance: 30 })).resolves.toBeTruthy();
  });

  it('R-TOK-1: the cache matches the whole token: a forgery ending like a cached token is verified (and fails); an equal string read afresh hits', async () => {
    const { signing, verifying } = await keyPair('ES256');
    const token = await signAccessToken(at, signing);
    const forged = await signAccessToken({ ...at, sub: 'admin' }, signing).then((t) => `${t.slice(0, t.lastIndexOf('.') + 1)}${token.slice(token.lastIndexOf('.') + 1)}`);
    expect(forged.slice(-40)).toBe(token.slice(-40));
    const cache = createVerifiedTokenCache();
    const o = { issuer: ISS, audience: AUD, algorithms: ['ES256' as const], now: () => NOW, cache };
    await verifyAccessToken(token, verifying, o);
    const spy = vi.spyOn(crypto.subtle, 'verify');
    await expect(verifyAccessToken(forged, verifying, o)).rejects.toEqual(code('SignatureInvalid'));
    expect(spy).toHaveBeenCalledTimes(1);
    const again = JSON.parse(JSON.stringify({ t: token })).t as string; // a new string with the same characters
    expect((await verifyAccessToken(again, verifying, o)).sub).toBe('u1');
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    cache.revoke(again);
    await expect(verifyAccessToken(token, verifying, o)).rejects.toEqual(code('Revoked'));
  });

  it('R-TOK-2: a cached token is checked against each call’s audience, issuer, typ and algorithms', async () => {
    const { signing, verifying } = await keyPair('ES256');
    const token = await signAccessToken(at, signing);
    const cache = createVerifiedTokenCache();
    const o = { issuer: ISS, audience: AUD, algorithms: ['ES256' as const], now: () => NOW, cache };
    await verifyAccessToken(token, verifying, o);
    await expect(verifyAccessToken(token, verifying, { ...o, audience: 'https://other.example/mcp' })).rejects.toEqual(code('AudienceMismatch'));
    await expect(verifyAccessToken(token, verifying, { ...o, issuer: 'https://evil.example' })).rejects.toEqual(code('IssuerMismatch'));
    await expect(verifyAccessToken(token, verifying, { ...o, algorithms: ['RS256'] })).rejects.toEqual(code('AlgNotAllowed'));
    await expect(verifyJwt(token, verifying, { algorithms: ['ES256'], typ: 'JWT', now: () => NOW, cache })).rejects.toEqual(code('TypMismatch'));
  });

  it('a hit requires the same keys object: a token cached for one key set is re-verified for another', async () => {
    const a = await keyPair('ES256');
    const b = await keyPair('ES384');
    const token = await signAccessToken(at, a.signing);
    const cache = createVerifiedTokenCache();
    const o = { issuer: ISS, audience: AUD, algorithms: ['ES256' as const, 'ES384' as const], now: () => NOW, cache };
    await verifyAccessToken(token, createLocalJwks({ keys: [a.publicJwk] }), o);
    await expect(verifyAccessToken(token, createLocalJwks({ keys: [b.publicJwk] }), o)).rejects.toEqual(code('KeyNotFound'));
    await expect(verifyAccessToken(token, b.verifying, o)).rejects.toEqual(code('AlgNotAllowed'));
  });

  it('A56: a revoked token or jti is refused, cached or not, and stays refused after re-verification', async () => {
    const { signing, verifying } = await keyPair('ES256');
    const cache = createVerifiedTokenCache({ now: () => NOW });
    const o = { issuer: ISS, audience: AUD, algorithms: ['ES256' as const], now: () => NOW, cache };
    const t1 = await signAccessToken(at, signing);
    const t2 = await signAccessToken({ ...at, jti: 'jti-2' }, signing);
    await verifyAccessToken(t1, verifying, o);
    cache.revoke('jti-1');
    await expect(verifyAccessToken(t1, verifying, o)).rejects.toEqual(code('Revoked'));
    await expect(cache.verify(t1, verifying, { ...o, typ: 'at+jwt' })).rejects.toEqual(code('Revoked'));
    cache.revoke(t2);
    await expect(verifyAccessToken(t2, verifying, o)).rejects.toEqual(code('Revoked'));
    const t3 = await signAccessToken({ ...at, jti: 'jti-3' }, signing);
    await expect(verifyAccessToken(t3, verifying, o)).resolves.toBeTruthy();
    cache.clear();
    await expect(verifyAccessToken(t1, verifying, o)).resolves.toBeTruthy();
  });

  it('is bounded: beyond maxEntries the oldest entries leave; entries leave after ttl', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const cache = createVerifiedTokenCache({ maxEntries: 3, ttl: 60 });
    let t = NOW;
    const o = { issuer: ISS, audience: AUD, algorithms: ['HS256' as const], now: () => t, cache };
    const tokens = await Promise.all([1, 2, 3, 4, 5].map((i) => signAccessToken({ ...at, jti: `j${i}` }, signing)));
    for (const tok of tokens) await verifyAccessToken(tok, verifying, o);
    expect(cache.size).toBe(3);
    const spy = vi.spyOn(crypto.subtle, 'verify');
    await verifyAccessToken(tokens[4]!, verifying, o);
    expect(spy).toHaveBeenCalledTimes(0);
    await verifyAccessToken(tokens[0]!, verifying, o);
    expect(spy).toHaveBeenCalledTimes(1);
    t += 61;
    await verifyAccessToken(tokens[0]!, verifying, o);
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
    expect(() => createVerifiedTokenCache({ maxEntries: 0 })).toThrow(RangeError);
  });

  it('an invalid token is never cached', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const cache = createVerifiedTokenCache();
    const tok = await signAccessToken(at, signing);
    // Flip the signature's first character (its high bits are never padding): the bytes always change.
    const dot = tok.lastIndexOf('.') + 1;
    const bad = `${tok.slice(0, dot)}${tok[dot] === 'A' ? 'B' : 'A'}${tok.slice(dot + 1)}`;
    expect(bad).not.toBe(tok);
    const o = { issuer: ISS, audience: AUD, algorithms: ['HS256' as const], now: () => NOW, cache };
    await expect(verifyAccessToken(bad, verifying, o)).rejects.toBeTruthy();
    await expect(verifyAccessToken(bad, verifying, o)).rejects.toBeTruthy();
    expect(cache.size).toBe(0);
  });
});
