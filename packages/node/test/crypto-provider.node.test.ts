import { describe, expect, it } from 'vitest';
import { generateSecretKey, generateSigningKey, importJwk, signJwt, verifyJwt, type JwtAlgorithm, type JwtKey } from '@mcp-oauth/jwt-lite';
import { computeCodeChallenge, verifyCodeChallenge } from '@mcp-oauth/pkce';
import { createAuthorizationServer, jwtVerifier, memoryStore } from '@mcp-oauth/server-flow';
import { nodeCryptoProvider } from '@mcp-oauth/node';

const ALGS: JwtAlgorithm[] = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const node = nodeCryptoProvider();
const PARAMS: Record<string, Algorithm & Record<string, unknown>> = {
  HS: { name: 'HMAC' }, RS: { name: 'RSASSA-PKCS1-v1_5' }, PS: { name: 'RSA-PSS' }, ES: { name: 'ECDSA' },
};
const params = (alg: JwtAlgorithm): Algorithm & Record<string, unknown> => {
  if (alg === 'EdDSA') return { name: 'Ed25519' };
  const bits = Number(alg.slice(2));
  const p = { ...PARAMS[alg.slice(0, 2)]! };
  if (alg.startsWith('PS')) p['saltLength'] = bits / 8;
  if (alg.startsWith('ES')) p['hash'] = `SHA-${bits}`;
  return p;
};

async function keys(alg: JwtAlgorithm): Promise<{ signing: JwtKey; verifying: JwtKey }> {
  if (alg.startsWith('HS')) { const { key } = await generateSecretKey(alg as 'HS256'); return { signing: key, verifying: key }; }
  const { privateKey, publicJwk } = await generateSigningKey(alg);
  return { signing: privateKey, verifying: await importJwk(publicJwk, alg) };
}

describe('issue #16: nodeCryptoProvider gives the verdicts and signatures of WebCrypto', () => {
  it.each(ALGS)('RFC 7515 §5.2: %s: each provider verifies the other\'s signatures; a flipped bit, a short or a long signature is false for both', async (alg) => {
    const { signing, verifying } = await keys(alg);
    const data = new TextEncoder().encode('eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0');
    const p = params(alg);
    for (const [signer, checker] of [[crypto.subtle, node], [node, crypto.subtle], [node, node]] as const) {
      const sig = new Uint8Array(await signer.sign(p, signing.key, data));
      expect(await checker.verify(p, verifying.key, sig, data)).toBe(true);
      const flipped = sig.slice(); flipped[sig.length >> 1]! ^= 1;
      for (const bad of [flipped, sig.slice(0, -1), new Uint8Array([...sig, 0])]) {
        expect(await node.verify(p, verifying.key, bad, data)).toBe(await crypto.subtle.verify(p, verifying.key, bad, data).catch(() => false));
      }
    }
    // Deterministic algorithms sign identically (RFC 8017 §8.2, RFC 2104, RFC 8032).
    if (/^(HS|RS)|EdDSA/.test(alg)) {
      expect(new Uint8Array(await node.sign(p, signing.key, data))).toEqual(new Uint8Array(await crypto.subtle.sign(p, signing.key, data)));
    }
  });

  it('RFC 8725 §3.1: a key of another algorithm or without the usage is refused, as WebCrypto refuses it', async () => {
    const { signing, verifying } = await keys('ES256');
    const data = new Uint8Array(8);
    await expect(node.verify({ name: 'Ed25519' }, verifying.key, new Uint8Array(64), data)).rejects.toThrow(TypeError);
    await expect(crypto.subtle.verify({ name: 'Ed25519' }, verifying.key, new Uint8Array(64), data)).rejects.toThrow();
    await expect(node.sign(params('ES256'), verifying.key, data)).rejects.toThrow(TypeError);
    await expect(node.verify(params('ES256'), signing.key, new Uint8Array(64), data)).rejects.toThrow(TypeError);
  });

  it('RFC 9068 §4: an authorization server with the provider issues access tokens that WebCrypto verifies, and verifies them itself', async () => {
    const used = { sign: 0, verify: 0 };
    const counting: typeof node = {
      sign: (...a) => { used.sign++; return node.sign(...a); },
      verify: (...a) => { used.verify++; return node.verify(...a); },
    };
    const as = createAuthorizationServer({
      issuer: 'http://127.0.0.1:9', resources: ['http://127.0.0.1:9/mcp'], scopes: ['mcp'], crypto: counting, autoApprove: { subject: 'u' },
      clients: [{ client_id: 'svc', client_secret: 's'.repeat(32), grant_types: ['client_credentials'], scope: 'mcp' }],
    } as Parameters<typeof createAuthorizationServer>[0]);
    const res = await as.handle(new Request('http://127.0.0.1:9/token', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`svc:${'s'.repeat(32)}`)}` },
      body: 'grant_type=client_credentials&resource=http%3A%2F%2F127.0.0.1%3A9%2Fmcp',
    }));
    expect(res.status).toBe(200);
    expect(used.sign).toBe(1);
    const { access_token } = (await res.json()) as { access_token: string };
    const jwks = (await (await as.handle(new Request('http://127.0.0.1:9/jwks'))).json()) as { keys: unknown[] };
    const viaWeb = jwtVerifier({ issuer: 'http://127.0.0.1:9', jwks });
    const viaNode = jwtVerifier({ issuer: 'http://127.0.0.1:9', jwks, crypto: node });
    expect((await viaWeb(access_token, 'http://127.0.0.1:9/mcp')).clientId).toBe('svc');
    expect((await viaNode(access_token, 'http://127.0.0.1:9/mcp')).clientId).toBe('svc');
    // flip the signature's first character: its high bits are never padding, so the bytes always change
    const dot = access_token.lastIndexOf('.') + 1;
    const tampered = `${access_token.slice(0, dot)}${access_token[dot] === 'A' ? 'B' : 'A'}${access_token.slice(dot + 1)}`;
    expect(tampered).not.toBe(access_token);
    await expect(viaNode(tampered, 'http://127.0.0.1:9/mcp')).rejects.toMatchObject({ code: 'InvalidToken' });
    expect((await as.verifier()(access_token, 'http://127.0.0.1:9/mcp')).clientId).toBe('svc');
    expect(used.verify).toBe(1);
  });
});

describe('issue #16: jwt-lite calls the given provider, only after its own checks', () => {
  it('RFC 8725 §3.1: a provider saying false is SignatureInvalid; a key bound to another alg never reaches it; signJwt signs through it', async () => {
    const { signing, verifying } = await keys('ES256');
    const token = await signJwt({ sub: 'u' }, signing);
    let calls = 0;
    const liar = { verify: async () => { calls++; return false; }, sign: async () => { calls++; return new Uint8Array(64); } };
    await expect(verifyJwt(token, verifying, { algorithms: ['ES256'], crypto: liar })).rejects.toMatchObject({ code: 'SignatureInvalid' });
    expect(calls).toBe(1);
    const other = await keys('ES384');
    await expect(verifyJwt(token, other.verifying, { algorithms: ['ES256', 'ES384'], crypto: liar })).rejects.toMatchObject({ code: 'AlgNotAllowed' });
    expect(calls).toBe(1);
    expect((await signJwt({ sub: 'u' }, signing, { crypto: liar })).endsWith(`.${'A'.repeat(86)}`)).toBe(true);
    expect(calls).toBe(2);
  });
});

const hex = (b: ArrayBuffer | Uint8Array): string => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

describe('issue #16: nodeCryptoProvider hashes and random values are those of WebCrypto', () => {
  it('FIPS 180-4 / RFC 6234: SHA-256 test vectors, and the bytes of crypto.subtle.digest for inputs of every length 0-300', async () => {
    const enc = new TextEncoder();
    expect(hex(await node.digest!('SHA-256', enc.encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(await node.digest!('SHA-256', new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(await node.digest!('SHA-256', enc.encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    for (let n = 0; n <= 300; n++) {
      const data = crypto.getRandomValues(new Uint8Array(n));
      expect(hex(await node.digest!('SHA-256', data))).toBe(hex(await crypto.subtle.digest('SHA-256', data)));
    }
  });

  it('RFC 8725 §3.1: digest refuses any algorithm but SHA-256', () => {
    for (const alg of ['SHA-1', 'SHA-384', 'sha256', 'MD5']) expect(() => node.digest!(alg as 'SHA-256', new Uint8Array(1))).toThrow(TypeError);
  });

  it('RFC 7636 Appendix B and §4.6 through the provider: the example pair, and 200 random verifiers give the challenge WebCrypto gives; a one-character change fails', async () => {
    expect(await computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', node as Required<typeof node>)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
    for (let i = 0; i < 200; i++) {
      const len = 43 + (i % 86);
      const v = Array.from(crypto.getRandomValues(new Uint8Array(len)), (b) => chars[b % chars.length]).join('');
      const c = await computeCodeChallenge(v, node as Required<typeof node>);
      expect(c).toBe(await computeCodeChallenge(v));
      expect(await verifyCodeChallenge(v, c, node as Required<typeof node>)).toBe(true);
      const at = i % len;
      const w = v.slice(0, at) + (v[at] === 'A' ? 'B' : 'A') + v.slice(at + 1);
      expect(await verifyCodeChallenge(w, c, node as Required<typeof node>)).toBe(false);
      expect(await verifyCodeChallenge(w, c)).toBe(false);
    }
  });

  it('random: exactly the length asked (pooled or not), never the same bytes twice, each result its own copy; a bad length is a RangeError', () => {
    const seen = new Set<string>();
    let previous: Uint8Array | undefined;
    for (let i = 0; i < 600; i++) {
      const n = [16, 24, 32][i % 3]!;
      const r = node.random!(n);
      expect(r.byteLength).toBe(n);
      expect(r.buffer.byteLength).toBe(n); // not a view of the pool
      const h = hex(r);
      expect(seen.has(h)).toBe(false);
      seen.add(h);
      if (previous) { const before = hex(r); previous.fill(0); expect(hex(r)).toBe(before); }
      previous = r;
    }
    expect(node.random!(0).byteLength).toBe(0);
    expect(node.random!(5000).byteLength).toBe(5000);
    for (const bad of [-1, 1.5, 65537, Number.NaN]) expect(() => node.random!(bad)).toThrow(RangeError);
  });

  it('A75: an authorization server with the provider stores codes and tokens under the hashes WebCrypto computes (one store, both servers redeem each other\'s)', async () => {
    const used = { digest: 0, random: 0 };
    const counting: typeof node = { ...node, digest: (a, d) => { used.digest++; return node.digest!(a, d); }, random: (n) => { used.random++; return node.random!(n); } };
    const store = memoryStore();
    const base = { issuer: 'http://127.0.0.1:9', resources: ['http://127.0.0.1:9/mcp'], scopes: ['mcp'], autoApprove: { subject: 'u' }, store, tokens: { format: 'opaque' as const } };
    const viaNode = createAuthorizationServer({ ...base, crypto: counting });
    const viaWeb = createAuthorizationServer(base);
    const form = (body: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });
    const redirect = 'http://127.0.0.1:9/cb';
    const reg = await viaNode.handle(new Request('http://127.0.0.1:9/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [redirect], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }) }), { clientAddress: '127.0.0.1' });
    expect(reg.status, await reg.clone().text()).toBe(201);
    const { client_id } = (await reg.json()) as { client_id: string };
    for (const [issuer, redeemer] of [[viaNode, viaWeb], [viaWeb, viaNode]] as const) {
      const verifier = 'v'.repeat(43);
      const q = new URLSearchParams({ response_type: 'code', client_id, redirect_uri: redirect, code_challenge: await computeCodeChallenge(verifier), code_challenge_method: 'S256', state: 's', resource: 'http://127.0.0.1:9/mcp' });
      const code = new URL((await issuer.handle(new Request(`http://127.0.0.1:9/authorize?${q}`))).headers.get('location')!).searchParams.get('code')!;
      const tok = await redeemer.handle(new Request('http://127.0.0.1:9/token', form({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id, redirect_uri: redirect })));
      expect(tok.status).toBe(200);
      const { access_token, refresh_token } = (await tok.json()) as { access_token: string; refresh_token: string };
      expect((await issuer.verifier()(access_token, 'http://127.0.0.1:9/mcp')).clientId).toBe(client_id);
      const refreshed = await issuer.handle(new Request('http://127.0.0.1:9/token', form({ grant_type: 'refresh_token', refresh_token, client_id })));
      expect(refreshed.status).toBe(200);
      // the rotated token is refused by the other server too (same hash, A-RT-1)
      const replay = await redeemer.handle(new Request('http://127.0.0.1:9/token', form({ grant_type: 'refresh_token', refresh_token, client_id })));
      expect(replay.status).toBe(400);
    }
    expect(used.digest).toBeGreaterThan(8);
    expect(used.random).toBeGreaterThan(6);
  });
});
