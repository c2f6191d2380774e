import { describe, expect, it, vi } from 'vitest';
import {
  createLocalJwks, createRemoteJwks, generateSigningKey, importJwk, signAccessToken, signJwt, verifyAccessToken, verifyJwt, JwtError, type JwtKey,
} from '@mcp-oauth/jwt-lite';
import { b64, forgeHs256, keyPair, NOW, now, signRaw } from './helpers';

const code = (c: string) => expect.objectContaining({ code: c });
const oneOf = (...c: string[]) => expect.objectContaining({ code: expect.stringMatching(new RegExp(`^(${c.join('|')})$`)) });
const claims = { iss: 'https://as.example.com', sub: 'u1', aud: 'https://mcp.example.com/mcp', exp: NOW + 300, iat: NOW - 10 };

describe('ATTACKS.md cases for jwt-lite', () => {
  it('A40: a software statement with alg none, a bad signature, an untrusted issuer, or expired is refused', async () => {
    const { signing, verifying } = await keyPair('ES256');
    const o = { algorithms: ['ES256' as const], issuer: 'https://trusted.example', now };
    const good = await signJwt({ ...claims, iss: 'https://trusted.example' }, signing);
    await expect(verifyJwt(good, verifying, o)).resolves.toBeTruthy();
    const none = `${b64({ alg: 'none' })}.${good.split('.')[1]}.`;
    await expect(verifyJwt(none, verifying, o)).rejects.toEqual(oneOf('AlgNotAllowed', 'JWSInvalid'));
    const [h, p, s] = good.split('.');
    const badSig = `${h}.${p}.${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`;
    await expect(verifyJwt(badSig, verifying, o)).rejects.toEqual(code('SignatureInvalid'));
    await expect(verifyJwt(await signJwt(claims, signing), verifying, o)).rejects.toEqual(code('IssuerMismatch'));
    const expired = await signJwt({ ...claims, iss: 'https://trusted.example', exp: NOW - 1 }, signing);
    await expect(verifyJwt(expired, verifying, o)).rejects.toEqual(code('Expired'));
  });

  it('A59: alg none in any spelling, or alg missing/null/array/number, is refused; no allowlist or untyped key is impossible', async () => {
    const { verifying } = await keyPair('HS256');
    const p = b64(claims);
    for (const alg of ['none', 'None', 'NONE', 'nOnE', 'none ']) {
      for (const sig of ['', 'AAAA']) {
        await expect(verifyJwt(`${b64({ alg })}.${p}.${sig}`, verifying, { algorithms: ['HS256'], now })).rejects.toEqual(oneOf('AlgNotAllowed', 'JWSInvalid'));
      }
    }
    for (const header of [{}, { alg: null }, { alg: ['HS256'] }, { alg: 256 }]) {
      await expect(verifyJwt(`${b64(header)}.${p}.AAAA`, verifying, { algorithms: ['HS256'], now })).rejects.toEqual(oneOf('AlgNotAllowed', 'JWSInvalid'));
    }
    const token = await signJwt(claims, verifying);
    await expect(verifyJwt(token, verifying, {} as never)).rejects.toBeInstanceOf(TypeError);
    await expect(verifyJwt(token, verifying, { algorithms: [] })).rejects.toBeInstanceOf(TypeError);
    await expect(verifyJwt(token, verifying, { algorithms: ['none' as never] })).rejects.toBeInstanceOf(TypeError);
    await expect(verifyJwt(token, verifying.key as never, { algorithms: ['HS256'] })).rejects.toBeInstanceOf(TypeError);
  });

  it('A60: HS256 forged with the RSA public key (SPKI PEM, PKCS#1 PEM, padded PEM, JWK JSON) or mismatched key types are refused', async () => {
    const { verifying, publicJwk } = await keyPair('RS256');
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', verifying.key));
    const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...spki)).replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`;
    const secrets = [pem, pem.replace('PUBLIC KEY', 'RSA PUBLIC KEY'), `  \n${pem}`, JSON.stringify(publicJwk)];
    const jwks = createLocalJwks({ keys: [publicJwk] });
    for (const s of secrets) {
      const forged = await forgeHs256({ alg: 'HS256', kid: publicJwk.kid }, claims, new TextEncoder().encode(s));
      for (const keys of [verifying, jwks]) {
        await expect(verifyJwt(forged, keys, { algorithms: ['RS256'], now })).rejects.toEqual(code('AlgNotAllowed'));
        await expect(verifyJwt(forged, keys, { algorithms: ['RS256', 'HS256'], now })).rejects.toEqual(oneOf('AlgNotAllowed', 'KeyNotFound'));
      }
    }
    const hs = (await keyPair('HS256')).signing;
    const rsToken = await signJwt(claims, (await keyPair('RS256')).signing);
    await expect(verifyJwt(rsToken, hs, { algorithms: ['RS256', 'HS256'], now })).rejects.toEqual(code('AlgNotAllowed'));
    const esToken = await signJwt(claims, (await keyPair('ES256')).signing);
    await expect(verifyJwt(esToken, verifying, { algorithms: ['ES256', 'RS256'], now })).rejects.toEqual(code('AlgNotAllowed'));
    await expect(importJwk(publicJwk, 'ES256')).rejects.toEqual(code('KeyInvalid'));
    await expect(importJwk({ ...publicJwk, alg: 'RS256' }, 'PS256')).rejects.toEqual(code('KeyInvalid'));
    await expect(importJwk(publicJwk, 'HS256')).rejects.toEqual(code('KeyInvalid'));
  });

  it('A62: header jwk, jku, x5u, x5c never select a key and are never fetched', async () => {
    const { verifying, publicJwk } = await keyPair('ES256');
    const fetchSpy = vi.fn(async (_url: string) => new Response(JSON.stringify({ keys: [publicJwk] })));
    const remote = createRemoteJwks('https://as.example.com/jwks', { fetch: fetchSpy as unknown as typeof fetch, now });
    const local = createLocalJwks({ keys: [publicJwk] });
    const { privateKey, publicJwk: atkJwk } = await generateSigningKey('ES256');
    const headers = [
      { alg: 'ES256', jwk: atkJwk },
      { alg: 'ES256', jku: 'https://attacker/jwks.json' },
      { alg: 'ES256', jku: 'http://169.254.169.254/' },
      { alg: 'ES256', x5u: 'https://attacker/cert.pem' },
      { alg: 'ES256', x5c: ['MIIB'] },
      { alg: 'ES256', kid: publicJwk.kid, jwk: atkJwk, jku: 'https://attacker/jwks.json' },
    ];
    for (const h of headers) {
      const t = await signRaw(h, claims, privateKey);
      await expect(verifyJwt(t, verifying, { algorithms: ['ES256'], now })).rejects.toEqual(code('SignatureInvalid'));
      for (const keys of [local, remote]) {
        await expect(verifyJwt(t, keys, { algorithms: ['ES256'], now })).rejects.toEqual(oneOf('SignatureInvalid', 'KeyNotFound'));
      }
    }
    // Only the configured jwks_uri was ever fetched (once, then once more for an unknown kid at most).
    expect(fetchSpy.mock.calls.every(([url]) => url === 'https://as.example.com/jwks')).toBe(true);
    expect(fetchSpy.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('A63: any crit (unknown, registered, empty, non-array, duplicates, toString) and any b64 header are refused', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const headers = [
      { alg: 'HS256', crit: ['x-unknown'], 'x-unknown': 1 },
      { alg: 'HS256', crit: ['exp'] },
      { alg: 'HS256', crit: [] },
      { alg: 'HS256', crit: 'x' },
      { alg: 'HS256', crit: ['b64'] },
      { alg: 'HS256', crit: ['x', 'x'], x: 1 },
      { alg: 'HS256', crit: ['toString'] },
      { alg: 'HS256', b64: false, crit: ['b64'] },
      { alg: 'HS256', b64: true },
      { alg: 'HS256', b64: false },
    ];
    for (const h of headers) {
      await expect(verifyJwt(await signRaw(h, claims, signing), verifying, { algorithms: ['HS256'], now })).rejects.toEqual(code('JWSInvalid'));
    }
  });

  it('A64: exp == now, exp = now-1, string/null/huge exp, nbf beyond skew, iat in the future, too old for maxAge, NaN tolerance are refused', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const v = async (c: object, o: object = {}) => verifyJwt(await signRaw({ alg: 'HS256' }, c, signing), verifying, { algorithms: ['HS256'], now, ...o });
    await expect(v({ exp: NOW })).rejects.toEqual(code('Expired'));
    await expect(v({ exp: NOW - 1 })).rejects.toEqual(code('Expired'));
    await expect(v({ exp: '9999999999' })).rejects.toEqual(code('ClaimInvalid'));
    await expect(v({ exp: null })).rejects.toEqual(code('ClaimInvalid'));
    const hugeTok = await signRaw({ alg: 'HS256' }, '{"exp":1e400}', signing);
    await expect(verifyJwt(hugeTok, verifying, { algorithms: ['HS256'], now })).rejects.toEqual(code('ClaimInvalid'));
    await expect(v({ nbf: NOW + 61 }, { clockTolerance: 60 })).rejects.toEqual(code('NotYetValid'));
    await expect(v({ iat: NOW + 3600 })).rejects.toEqual(code('ClaimInvalid'));
    await expect(v({ iat: NOW - 8 * 86400 }, { maxAge: 86400 })).rejects.toEqual(code('Expired'));
    await expect(v({ exp: NOW + 10 }, { clockTolerance: Number.NaN })).rejects.toBeInstanceOf(RangeError);
    await expect(v({ exp: NOW - 1 }, { clockTolerance: 60 })).resolves.toBeTruthy();
    await expect(v({ nbf: NOW + 60 }, { clockTolerance: 60 })).resolves.toBeTruthy();
  });

  it('A65: aud as an object, [123], a longer host, other case, or with a fragment is refused; arrays follow the documented policy', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const aud = 'https://mcp.example.com';
    const v = async (a: unknown, o: object = {}) => verifyJwt(await signRaw({ alg: 'HS256' }, { aud: a }, signing), verifying, { algorithms: ['HS256'], audience: aud, now, ...o });
    await expect(v({ 0: aud })).rejects.toEqual(code('ClaimInvalid'));
    await expect(v([123])).rejects.toEqual(code('ClaimInvalid'));
    for (const a of ['https://mcp.example.com.evil', 'HTTPS://MCP.EXAMPLE.COM', 'https://mcp.example.com#x', 'https://mcp.example.com/', []]) {
      await expect(v(a)).rejects.toEqual(code('AudienceMismatch'));
    }
    await expect(v(['https://other', aud])).resolves.toBeTruthy();
    await expect(v(['https://other', aud], { strictAudience: true })).rejects.toEqual(code('AudienceMismatch'));
    await expect(v([aud], { strictAudience: true })).resolves.toBeTruthy();
    await expect(v(aud, { strictAudience: true })).resolves.toBeTruthy();
  });

  it('A66: an ID token (typ JWT) or client assertion (no typ) is not an access token; at+jwt spellings are; RFC 9068 claims are required', async () => {
    const { signing, verifying } = await keyPair('ES256');
    const at = { iss: claims.iss, aud: claims.aud, sub: 'u1', client_id: 'c1', exp: NOW + 300, iat: NOW, jti: 'j1' };
    const o = { issuer: claims.iss, audience: claims.aud, algorithms: ['ES256' as const], now };
    await expect(verifyAccessToken(await signJwt(at, signing, { typ: 'JWT' }), verifying, o)).rejects.toEqual(code('TypMismatch'));
    await expect(verifyAccessToken(await signJwt(at, signing), verifying, o)).rejects.toEqual(code('TypMismatch'));
    for (const typ of ['at+jwt', 'application/at+jwt', 'AT+JWT']) {
      await expect(verifyAccessToken(await signJwt(at, signing, { typ }), verifying, o)).resolves.toMatchObject({ client_id: 'c1' });
    }
    for (const missing of ['client_id', 'jti', 'sub', 'iat'] as const) {
      const { [missing]: _, ...rest } = at;
      await expect(verifyAccessToken(await signJwt(rest, signing, { typ: 'at+jwt' }), verifying, o)).rejects.toEqual(code('ClaimMissing'));
    }
    await expect(verifyAccessToken(await signAccessToken(at, signing), verifying, o)).resolves.toMatchObject({ sub: 'u1' });
  });

  it('A67: iss A signed by a key of B’s JWKS, or iss B at an A-only resource, is refused', async () => {
    const a = await keyPair('ES256');
    const b = await keyPair('ES384');
    const jwksA = createLocalJwks({ keys: [a.publicJwk] });
    const jwksB = createLocalJwks({ keys: [b.publicJwk] });
    const o = (iss: string) => ({ issuer: iss, algorithms: ['ES256' as const, 'ES384' as const], now });
    const aByB = await signJwt({ ...claims, iss: 'https://a.example' }, b.signing);
    await expect(verifyJwt(aByB, jwksA, o('https://a.example'))).rejects.toEqual(code('KeyNotFound'));
    const other = (await generateSigningKey('ES256')).privateKey;
    const spoofed = await signRaw({ alg: 'ES256', kid: a.publicJwk.kid }, { ...claims, iss: 'https://a.example' }, other);
    await expect(verifyJwt(spoofed, jwksA, o('https://a.example'))).rejects.toEqual(code('SignatureInvalid'));
    const bTok = await signJwt({ ...claims, iss: 'https://b.example' }, b.signing);
    await expect(verifyJwt(bTok, jwksB, o('https://a.example'))).rejects.toEqual(code('IssuerMismatch'));
    await expect(verifyJwt(bTok, jwksB, o('https://b.example'))).resolves.toBeTruthy();
  });

  it('A69: HMAC keys of 16 bytes, empty, or "secret", and RSA 1024, are refused at import, sign and verify', async () => {
    const raw = (b: Uint8Array) => crypto.subtle.importKey('raw', b as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    const b64u = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    for (const secret of [new Uint8Array(16), new TextEncoder().encode('secret'), new Uint8Array(31)]) {
      await expect(importJwk({ kty: 'oct', k: b64u(secret) }, 'HS256')).rejects.toEqual(code('WeakKey'));
      const weak: JwtKey = { alg: 'HS256', key: await raw(secret) };
      await expect(signJwt(claims, weak)).rejects.toEqual(code('WeakKey'));
      const t = await forgeHs256({ alg: 'HS256' }, claims, secret);
      await expect(verifyJwt(t, weak, { algorithms: ['HS256'], now })).rejects.toEqual(code('WeakKey'));
    }
    await expect(importJwk({ kty: 'oct', k: '' }, 'HS256')).rejects.toEqual(oneOf('WeakKey', 'KeyInvalid'));
    await expect(importJwk({ kty: 'oct', k: b64u(new Uint8Array(32)) }, 'HS384')).rejects.toEqual(code('WeakKey'));
    const rsa = await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]) }, true, ['sign', 'verify'],
    );
    const pub = await crypto.subtle.exportKey('jwk', rsa.publicKey);
    await expect(importJwk(pub, 'RS256')).rejects.toEqual(code('WeakKey'));
    await expect(signJwt(claims, { alg: 'RS256', key: rsa.privateKey })).rejects.toEqual(code('WeakKey'));
    const t = await signRaw({ alg: 'RS256' }, claims, { alg: 'RS256', key: rsa.privateKey });
    await expect(verifyJwt(t, { alg: 'RS256', key: rsa.publicKey }, { algorithms: ['RS256'], now })).rejects.toEqual(code('WeakKey'));
  });

  it('A71: flattened JSON, a 5-part JWE, 2 or 4 segments, = + / or whitespace, and a 1 MB token are rejected before crypto', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const good = await signJwt(claims, signing);
    const [h, p, s] = good.split('.') as [string, string, string];
    const spy = vi.spyOn(crypto.subtle, 'verify');
    const bad = [
      JSON.stringify({ protected: h, payload: p, signature: s }),
      `${h}.${p}.${s}.AAAA.BBBB`, `${h}.${p}`, `${h}.${p}.${s}.`, `${h}.${p}.${s}=`, `${h}=.${p}.${s}`,
      `${h}.${p}+.${s}`, `${h}.${p}.${s.slice(0, 5)}/${s.slice(6)}`, `${h}.${p}.${s.slice(0, 5)}+${s.slice(6)}`, ` ${good}`, `${good} `, `${h}.${p} .${s}`, `${h}\n.${p}.${s}`,
      `${h}.${'A'.repeat(1_000_000)}.${s}`, '', '..', `.${p}.${s}`,
    ];
    for (const t of bad) {
      await expect(verifyJwt(t, verifying, { algorithms: ['HS256'], now })).rejects.toEqual(code('JWSInvalid'));
    }
    expect(spy).toHaveBeenCalledTimes(0);
    spy.mockRestore();
  });

  it('A75: HMAC signatures are checked by WebCrypto verify (constant time), never by sign-and-compare', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const good = await signJwt(claims, signing);
    const verify = vi.spyOn(crypto.subtle, 'verify');
    const sign = vi.spyOn(crypto.subtle, 'sign');
    await verifyJwt(good, verifying, { algorithms: ['HS256'], now });
    const [h, p, s] = good.split('.');
    await expect(verifyJwt(`${h}.${p}.${s![0] === 'A' ? 'B' : 'A'}${s!.slice(1)}`, verifying, { algorithms: ['HS256'], now })).rejects.toEqual(code('SignatureInvalid'));
    expect(verify).toHaveBeenCalledTimes(2);
    expect(sign).toHaveBeenCalledTimes(0);
    verify.mockRestore();
    sign.mockRestore();
  });

  it('A77: 100 KB adversarial strings to every parser end in a coded error, never a crash or a hang', async () => {
    const { verifying } = await keyPair('HS256');
    const inputs = [
      'a'.repeat(100_000), '.'.repeat(100_000), `${'e'.repeat(50_000)}.${'e'.repeat(50_000)}.e`,
      `${b64('['.repeat(20_000))}.${b64('{}')}.AAAA`, `${b64({ alg: 'HS256' })}.${b64(`{"a":${'['.repeat(9000)}${']'.repeat(9000)}}`)}.AAAA`,
      `${b64({ alg: 'HS256', a: 1, b: 2 }).slice(0, -2)}.${b64('"'.repeat(30_000))}.AAAA`,
    ];
    for (const t of inputs) {
      await expect(verifyJwt(t, verifying, { algorithms: ['HS256'], now, maxTokenLength: 200_000 })).rejects.toBeInstanceOf(JwtError);
    }
    await expect(importJwk({ kty: 'RSA', n: 'A'.repeat(100_001), e: 'AQAB' }, 'RS256')).rejects.toBeInstanceOf(JwtError);
  });
});
