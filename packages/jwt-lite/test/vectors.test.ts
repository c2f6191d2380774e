import { describe, expect, it } from 'vitest';
import { importJwk, jwkThumbprint, verifyJws, verifyJwt, type CryptoProvider, type JwtAlgorithm } from '@mcp-oauth/jwt-lite';
import { algSpec } from '../src/internal/algorithms';
import { decodeBase64url, encodeBase64url } from '../src/internal/base64url';
import * as rfc7515 from './vectors/rfc7515';
import * as rfc7520 from './vectors/rfc7520';
import * as rfc7638 from './vectors/rfc7638';
import * as rfc8037 from './vectors/rfc8037';
import { PROVIDERS } from './helpers';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const before = (exp: number) => () => exp - 10;

/** Signs a given JWS Signing Input with a JwtKey through the package's algorithm table. */
async function signInput(alg: JwtAlgorithm, jwk: object, input: string, cp: CryptoProvider = crypto.subtle): Promise<string> {
  const key = await importJwk(jwk, alg);
  const sig = await cp.sign(algSpec(alg)!.signParams, key.key, new TextEncoder().encode(input));
  return encodeBase64url(new Uint8Array(sig));
}

// Every signature vector runs through each crypto provider (issue #16).
for (const [provider, cp] of PROVIDERS) describe(`crypto: ${provider}`, () => {
  describe('RFC 7515 Appendix A', () => {
    it('RFC 7515 §A.1: the HS256 example verifies, with its claims, before its exp', async () => {
      const key = await importJwk(rfc7515.a1.jwk, 'HS256');
      const { header, claims } = await verifyJwt(rfc7515.a1.token, key, { crypto: cp, algorithms: ['HS256'], now: before(rfc7515.a1.exp) });
      expect(header).toEqual({ typ: 'JWT', alg: 'HS256' });
      expect(claims).toEqual({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
    });

    it('RFC 7515 §A.1: the HS256 example is expired now (RFC 7519 §4.1.4)', async () => {
      const key = await importJwk(rfc7515.a1.jwk, 'HS256');
      await expect(verifyJwt(rfc7515.a1.token, key, { crypto: cp, algorithms: ['HS256'] })).rejects.toMatchObject({ code: 'Expired' });
    });

    it('RFC 7515 §A.1: signing the example input with the example key gives the example signature', async () => {
      const [h, p, s] = rfc7515.a1.token.split('.');
      expect(await signInput('HS256', rfc7515.a1.jwk, `${h}.${p}`, cp)).toBe(s);
    });

    it('RFC 7515 §A.2: the RS256 example verifies with the public key', async () => {
      const key = await importJwk(rfc7515.a2.jwk, 'RS256');
      const { claims } = await verifyJwt(rfc7515.a2.token, key, { crypto: cp, algorithms: ['RS256'], now: before(rfc7515.a1.exp) });
      expect(claims.iss).toBe('joe');
    });

    it('RFC 7515 §A.3: the ES256 example verifies; the private JWK imports as a signing key', async () => {
      const key = await importJwk(rfc7515.a3.jwk, 'ES256');
      const { claims } = await verifyJwt(rfc7515.a3.token, key, { crypto: cp, algorithms: ['ES256'], now: before(rfc7515.a1.exp) });
      expect(claims['http://example.com/is_root']).toBe(true);
      const priv = await importJwk({ ...rfc7515.a3.jwk, d: rfc7515.a3.d }, 'ES256');
      expect(priv.key.type).toBe('private');
    });

    it('RFC 7515 §A.5: the Unsecured JWS (alg none) is refused by every algorithm allowlist', async () => {
      const key = await importJwk(rfc7515.a1.jwk, 'HS256');
      await expect(verifyJwt(rfc7515.a5.token, key, { crypto: cp, algorithms: ['HS256'], now: before(rfc7515.a1.exp) })).rejects.toMatchObject({
        code: expect.stringMatching(/^(AlgNotAllowed|JWSInvalid)$/),
      });
    });
  });

  describe('RFC 7520 §4 JWS examples', () => {
    it('RFC 7520 §4.1: RSA v1.5 signature verifies, and re-signing reproduces it (deterministic)', async () => {
      const { n, e, kid } = rfc7520.rsaKey;
      const { header, payload } = await verifyJws(rfc7520.s4_1, await importJwk({ kty: 'RSA', n, e, kid }, 'RS256'), { crypto: cp, algorithms: ['RS256'] });
      expect(header.kid).toBe('bilbo.baggins@hobbiton.example');
      expect(text(payload)).toBe(rfc7520.payloadText);
      const [h, p, s] = rfc7520.s4_1.split('.');
      expect(await signInput('RS256', rfc7520.rsaKey, `${h}.${p}`, cp)).toBe(s);
    });

    it('RFC 7520 §4.2: RSA-PSS (PS384) signature verifies', async () => {
      const { n, e } = rfc7520.rsaKey;
      const { payload } = await verifyJws(rfc7520.s4_2, await importJwk({ kty: 'RSA', n, e }, 'PS384'), { crypto: cp, algorithms: ['PS384'] });
      expect(text(payload)).toBe(rfc7520.payloadText);
    });

    it('RFC 7520 §4.3: ECDSA P-521 (ES512) signature verifies', async () => {
      const { d: _d, ...pub } = rfc7520.ecKey;
      const { payload } = await verifyJws(rfc7520.s4_3, await importJwk(pub, 'ES512'), { crypto: cp, algorithms: ['ES512'] });
      expect(text(payload)).toBe(rfc7520.payloadText);
    });

    it('RFC 7520 §4.4: HMAC-SHA2 (HS256) integrity protection verifies and is reproduced', async () => {
      const { payload } = await verifyJws(rfc7520.s4_4, await importJwk(rfc7520.hmacKey, 'HS256'), { crypto: cp, algorithms: ['HS256'] });
      expect(text(payload)).toBe(rfc7520.payloadText);
      const [h, p, s] = rfc7520.s4_4.split('.');
      expect(await signInput('HS256', rfc7520.hmacKey, `${h}.${p}`, cp)).toBe(s);
    });

    it('RFC 7520 §4.1: a key bound to PS256 does not verify the RS256 example (one key, one algorithm)', async () => {
      const { n, e } = rfc7520.rsaKey;
      await expect(verifyJws(rfc7520.s4_1, await importJwk({ kty: 'RSA', n, e }, 'PS256'), { crypto: cp, algorithms: ['RS256', 'PS256'] }))
        .rejects.toMatchObject({ code: 'AlgNotAllowed' });
    });
  });

  describe('RFC 8037 Appendix A (Ed25519)', () => {
    it('RFC 8037 §A.3: the thumbprint of the example public key', async () => {
      expect(await jwkThumbprint(rfc8037.publicJwk)).toBe(rfc8037.thumbprint);
    });

    it('RFC 8037 §A.4: signing the example input with the example private key gives the example JWS', async () => {
      expect(`${rfc8037.signingInput}.${await signInput('EdDSA', rfc8037.privateJwk, rfc8037.signingInput, cp)}`).toBe(rfc8037.jws);
    });

    it('RFC 8037 §A.5: the example JWS verifies with the public key', async () => {
      const { header, payload } = await verifyJws(rfc8037.jws, await importJwk(rfc8037.publicJwk, 'EdDSA'), { crypto: cp, algorithms: ['EdDSA'] });
      expect(header).toEqual({ alg: 'EdDSA' });
      expect(text(payload)).toBe(rfc8037.payloadText);
    });
  });
});

describe('RFC 7638 §3.1', () => {
  it('RFC 7638 §3.1: the example RSA key has the example thumbprint (alg and kid ignored)', async () => {
    expect(await jwkThumbprint(rfc7638.jwk)).toBe(rfc7638.thumbprint);
  });

  it('RFC 7638 §3.2: required members only, so member order and extra members do not matter', async () => {
    const { kty, n, e } = rfc7638.jwk;
    expect(await jwkThumbprint({ e, n, kty, use: 'sig' })).toBe(rfc7638.thumbprint);
  });
});

describe('RFC 7515 §2 base64url', () => {
  it('RFC 7515 §2: no padding, no + or /, and non-zero trailing bits are refused', () => {
    expect(encodeBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(Array.from(decodeBase64url('-_8'))).toEqual([0xfb, 0xff]);
    for (const bad of ['-_8=', '+/8', '-_9', 'A', 'AB=C', ' AB', 'AB\n']) {
      expect(() => decodeBase64url(bad)).toThrowError(expect.objectContaining({ code: 'JWSInvalid' }));
    }
  });
});
