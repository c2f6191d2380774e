import { describe, expect, it } from 'vitest';
import {
  exportJwk, generateSecretKey, generateSigningKey, importJwk, JwtError, jwkThumbprint, signAccessToken, signJwt, verifyAccessToken, verifyJwt,
} from '@mcp-oauth/jwt-lite';
import * as verifyEntry from '@mcp-oauth/jwt-lite/verify';
import { b64, keyPair, NOW, now, signRaw } from './helpers';

const code = (c: string) => expect.objectContaining({ code: c });

describe('strict JSON (RFC 7515 §5.2, RFC 7519 §7.2)', () => {
  it('RFC 7515 §5.2: duplicate member names in the header or the claims are refused, even nested or escaped', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const cases: [string, string][] = [
      ['{"alg":"HS256","alg":"HS256"}', '{"sub":"a"}'],
      ['{"alg":"HS256"}', '{"sub":"a","sub":"b"}'],
      ['{"alg":"HS256"}', '{"sub":"a","s\\u0075b":"b"}'],
      ['{"alg":"HS256"}', '{"x":{"y":1,"y":2}}'],
      ['{"alg":"HS256"}', '{"x":[{"y":1,"y":2}]}'],
    ];
    for (const [h, p] of cases) {
      await expect(verifyJwt(await signRaw(h, p, signing), verifying, { algorithms: ['HS256'], now })).rejects.toEqual(code('JWSInvalid'));
    }
    const ok = await signRaw('{"alg":"HS256"}', '{"a":"x\\":y","b":{"a":1},"c":["a",":"]}', signing);
    await expect(verifyJwt(ok, verifying, { algorithms: ['HS256'], now })).resolves.toBeTruthy();
  });

  it('RFC 7519 §7.2: __proto__ members, non-object payloads, a BOM, invalid UTF-8 and deep nesting are refused', async () => {
    const { signing, verifying } = await keyPair('HS256');
    for (const p of ['{"__proto__":{"admin":true}}', '{"a":{"__proto__":1}}', '[]', 'null', '"x"', '\uFEFF{}', `{"a":${'['.repeat(40)}${']'.repeat(40)}}`]) {
      await expect(verifyJwt(await signRaw({ alg: 'HS256' }, p, signing), verifying, { algorithms: ['HS256'], now })).rejects.toEqual(code('JWSInvalid'));
    }
    const bad = `${b64({ alg: 'HS256' })}.${btoa('\xff\xfe{}').replace(/=+$/, '')}.AAAA`;
    await expect(verifyJwt(bad, verifying, { algorithms: ['HS256'], now })).rejects.toEqual(code('JWSInvalid'));
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('claims (RFC 7519 §4.1)', () => {
  it('RFC 7519 §4.1.1: issuer lists, required claims, maxAge, and the claim name on the error', async () => {
    const { signing, verifying } = await keyPair('ES256');
    const t = await signJwt({ iss: 'https://b', sub: 's', iat: NOW - 100, exp: NOW + 100 }, signing);
    await expect(verifyJwt(t, verifying, { algorithms: ['ES256'], issuer: ['https://a', 'https://b'], now })).resolves.toBeTruthy();
    await expect(verifyJwt(t, verifying, { algorithms: ['ES256'], requiredClaims: ['jti'], now })).rejects.toEqual(
      expect.objectContaining({ code: 'ClaimMissing', claim: 'jti' }),
    );
    await expect(verifyJwt(t, verifying, { algorithms: ['ES256'], requiredClaims: ['__proto__'], now })).rejects.toEqual(code('ClaimMissing'));
    await expect(verifyJwt(t, verifying, { algorithms: ['ES256'], maxAge: 100, now })).resolves.toBeTruthy();
    await expect(verifyJwt(t, verifying, { algorithms: ['ES256'], maxAge: 99, now })).rejects.toEqual(code('Expired'));
    await expect(verifyJwt(t, verifying, { algorithms: ['ES256'], audience: 'x', now })).rejects.toEqual(code('ClaimMissing'));
    await expect(verifyJwt(t, verifying, { algorithms: ['ES256'], maxAge: -1, now })).rejects.toBeInstanceOf(RangeError);
  });

  it('RFC 7519 §4.1.2: sub, jti and iss must be strings when present', async () => {
    const { signing, verifying } = await keyPair('HS256');
    for (const c of [{ sub: 1 }, { jti: {} }, { iss: ['a'] }]) {
      await expect(verifyJwt(await signRaw({ alg: 'HS256' }, c, signing), verifying, { algorithms: ['HS256'], now })).rejects.toEqual(code('ClaimInvalid'));
    }
  });

  it('errors carry a code and never the token or a claim value', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const t = await signJwt({ iss: 'SECRET-ISSUER', aud: 'SECRET-AUD' }, signing);
    for (const o of [{ issuer: 'x' }, { audience: 'y' }]) {
      const e = await verifyJwt(t, verifying, { algorithms: ['HS256'], now, ...o }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(JwtError);
      expect((e as Error).message).not.toMatch(/SECRET|eyJ/);
    }
  });
});

describe('keys (RFC 7517, RFC 7518 §6)', () => {
  it('RFC 7518 §6: generated keys export as public JWKs with alg, use and a thumbprint kid, and re-import', async () => {
    for (const alg of ['ES256', 'ES384', 'ES512', 'EdDSA', 'RS256', 'PS256'] as const) {
      const { privateKey, publicJwk } = await generateSigningKey(alg);
      expect(publicJwk).toMatchObject({ alg, use: 'sig' });
      expect(publicJwk.d).toBeUndefined();
      expect(publicJwk.kid).toBe(await jwkThumbprint(publicJwk));
      expect(privateKey.key.extractable).toBe(false);
      const t = await signJwt({ exp: NOW + 5 }, privateKey);
      await expect(verifyJwt(t, await importJwk(publicJwk, alg), { algorithms: [alg], now })).resolves.toBeTruthy();
    }
    await expect(generateSigningKey('HS256')).rejects.toBeInstanceOf(TypeError);
    const { key, jwk } = await generateSecretKey('HS512', { kid: 's1' });
    expect(jwk).toMatchObject({ kty: 'oct', alg: 'HS512', kid: 's1' });
    expect((await importJwk(jwk, 'HS512')).key.algorithm).toMatchObject({ name: 'HMAC' });
    expect(key.kid).toBe('s1');
  });

  it('RFC 7517 §4.2/§4.3: use other than sig, key_ops without sign/verify, a bad kid type, or a non-object JWK are KeyInvalid', async () => {
    const { publicJwk } = await keyPair('ES256');
    for (const j of [{ ...publicJwk, use: 'enc' }, { ...publicJwk, key_ops: ['encrypt'] }, { ...publicJwk, kid: 7 }, null, 'jwk', [publicJwk], { ...publicJwk, x: 'not base64!' }]) {
      await expect(importJwk(j, 'ES256')).rejects.toEqual(code('KeyInvalid'));
    }
    await expect(importJwk(publicJwk, 'none' as never)).rejects.toBeInstanceOf(TypeError);
    await expect(jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'a' } as never)).rejects.toEqual(code('KeyInvalid'));
  });

  it('a key is bound to one algorithm: a JwtKey whose CryptoKey is of another algorithm is a caller error', async () => {
    const es = await keyPair('ES256');
    await expect(signJwt({}, { ...es.signing, alg: 'ES384' })).rejects.toBeInstanceOf(TypeError);
    await expect(signJwt({}, es.verifying)).rejects.toBeInstanceOf(TypeError);
    await expect(exportJwk(es.signing)).rejects.toBeInstanceOf(TypeError);
    await expect(signJwt([] as never, es.signing)).rejects.toBeInstanceOf(TypeError);
    await expect(signJwt({ exp: '1' }, es.signing)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('RFC 9068 access tokens', () => {
  it('RFC 9068 §2.2: signAccessToken fills iat and jti, sets typ at+jwt, and refuses missing claims', async () => {
    const { signing } = await keyPair('ES256');
    const t = await signAccessToken({ iss: 'i', aud: 'a', sub: 's', client_id: 'c', exp: NOW + 60 }, signing);
    const [h, p] = t.split('.').slice(0, 2).map((s) => JSON.parse(atob(s.replace(/-/g, '+').replace(/_/g, '/'))));
    expect(h).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: 'k-ES256' });
    expect(typeof p.iat).toBe('number');
    expect(p.jti).toMatch(/^[\w-]{22}$/);
    await expect(signAccessToken({ iss: 'i', aud: 'a', sub: 's', exp: NOW } as never, signing)).rejects.toBeInstanceOf(TypeError);
    await expect(signAccessToken({ iss: 'i', aud: [], sub: 's', client_id: 'c', exp: NOW }, signing)).rejects.toBeInstanceOf(TypeError);
  });

  it('RFC 9068 §4: verifyAccessToken resolves to the claims; several audiences accept any one of them; client_id and scope must be strings', async () => {
    const { signing, verifying } = await keyPair('ES256');
    const o = { issuer: 'i', algorithms: ['ES256' as const], now };
    const t = await signAccessToken({ iss: 'i', aud: 'https://b.example/mcp', sub: 's', client_id: 'c', exp: NOW + 60, scope: 'x y' }, signing);
    const claims = await verifyAccessToken(t, verifying, { ...o, audience: ['https://a.example/mcp', 'https://b.example/mcp'] });
    expect(claims).toMatchObject({ sub: 's', client_id: 'c', scope: 'x y', aud: 'https://b.example/mcp' });
    expect(claims).not.toHaveProperty('header');
    await expect(verifyAccessToken(t, verifying, { ...o, audience: ['https://a.example/mcp'] })).rejects.toEqual(code('AudienceMismatch'));
    for (const bad of [{ client_id: 7 }, { scope: ['x'] }]) {
      const raw = await signRaw({ alg: 'ES256', typ: 'at+jwt' }, { iss: 'i', aud: 'a', sub: 's', client_id: 'c', exp: NOW + 60, iat: NOW, jti: 'j', ...bad }, signing);
      await expect(verifyAccessToken(raw, verifying, { ...o, audience: 'a' })).rejects.toEqual(code('ClaimInvalid'));
    }
  });
});

describe('the ./verify entry', () => {
  it('exports verification with a known key (verifyJwt, verifyAccessToken, importJwk, JwtError)', () => {
    expect(Object.keys(verifyEntry).sort()).toEqual(
      ['JwtError', 'importJwk', 'verifyAccessToken', 'verifyJwt'].sort(),
    );
  });
});
