import { describe, expect, it } from 'vitest';
import { generateSecretKey, generateSigningKey, importJwk, signJwt, verifyJwt, type JwtAlgorithm, type JwtKey } from '@mcp-oauth/jwt-lite';
import { createAuthorizationServer, jwtVerifier } from '@mcp-oauth/server-flow';
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
