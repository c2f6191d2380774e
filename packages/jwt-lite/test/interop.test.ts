import { describe, expect, it } from 'vitest';
import * as jose from 'jose';
import { exportJwk, importJwk, jwkThumbprint, signJwt, verifyJwt } from '@mcp-oauth/jwt-lite';
import { ALGS, keyPair, NOW } from './helpers';

const claims = { iss: 'https://as.example.com', sub: 'u1', aud: 'https://mcp.example.com/mcp', exp: NOW + 300, iat: NOW, n: [1, 'two', { three: 3 }] };

describe('interop with jose', () => {
  it.each(ALGS)('RFC 7515 §5: a %s token signed by jose verifies here', async (alg) => {
    const { signing, verifying } = await keyPair(alg);
    const token = await new jose.SignJWT(claims).setProtectedHeader({ alg, typ: 'at+jwt', kid: 'k' }).sign(signing.key);
    const { header, claims: out } = await verifyJwt(token, verifying, {
      algorithms: [alg], issuer: claims.iss, audience: claims.aud, typ: 'at+jwt', now: () => NOW,
    });
    expect(header).toEqual({ alg, typ: 'at+jwt', kid: 'k' });
    expect(out).toEqual(claims);
  });

  it.each(ALGS)('RFC 7515 §5: a %s token signed here verifies in jose', async (alg) => {
    const { signing, verifying } = await keyPair(alg);
    const token = await signJwt(claims, signing, { typ: 'at+jwt' });
    const { payload, protectedHeader } = await jose.jwtVerify(token, verifying.key, {
      algorithms: [alg], issuer: claims.iss, audience: claims.aud, typ: 'at+jwt', currentDate: new Date(NOW * 1000),
    });
    expect(protectedHeader).toMatchObject({ alg, typ: 'at+jwt' });
    expect(payload).toEqual(claims);
  });

  it.each(ALGS.filter((a) => !a.startsWith('HS')))('RFC 7517 §4: %s public JWKs and RFC 7638 thumbprints agree with jose', async (alg) => {
    const { verifying, publicJwk } = await keyPair(alg);
    const theirs = await jose.exportJWK(verifying.key);
    const ours = await exportJwk(verifying);
    for (const m of ['kty', 'crv', 'x', 'y', 'n', 'e'] as const) expect(ours[m]).toBe(theirs[m]);
    expect(await jwkThumbprint(publicJwk)).toBe(await jose.calculateJwkThumbprint(theirs as jose.JWK));
    const back = await importJwk(await jose.exportJWK(verifying.key), alg);
    expect(back.key.type).toBe('public');
  });
});
