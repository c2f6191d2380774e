// jwt-lite verify against raw WebCrypto (the floor) and jose, per BENCHMARKS.md: interleaved
// A B C rounds, medians, one call in flight and 32 in flight, plus the cached bearer path.
// Needs the built package: `pnpm --filter @mcp-oauth/jwt-lite run build`.
// Short slices, many rounds, order reversed every round: on a shared, noisy machine the candidates
// see the same load, and the medians of their ratios are what is reported.
// Env: JWT_BENCH_ALGS=HS256,ES256  JWT_BENCH_ROUNDS=25  JWT_BENCH_MS=60
//      JWT_BENCH_LITE=/abs/path/to/an/older/dist/index.js (before/after comparisons of two builds)
import * as jose from 'jose';
const lite = await import(process.env.JWT_BENCH_LITE ?? '@mcp-oauth/jwt-lite');
import { algSpec } from './jwt-bench-util.mjs';
const { nodeCryptoProvider } = await import('@mcp-oauth/node');
const native = nodeCryptoProvider();

const ALGS = (process.env.JWT_BENCH_ALGS ?? 'HS256,HS384,HS512,RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA').split(',');
const ROUNDS = Number(process.env.JWT_BENCH_ROUNDS ?? 25);
const MS = Number(process.env.JWT_BENCH_MS ?? 60);
const ISS = 'https://as.example.com';
const AUD = 'https://mcp.example.com/mcp';

/** Operations per second of `op` over about MS milliseconds with `inFlight` concurrent loops. */
async function rate(op, inFlight) {
  let n = 0;
  const end = performance.now() + MS;
  const start = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (performance.now() < end) { await op(); n++; }
  }));
  return n / ((performance.now() - start) / 1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Interleaves the candidates round by round; returns the median rate of each. */
async function compare(candidates, inFlight) {
  for (const op of Object.values(candidates)) for (let i = 0; i < 200; i++) await op(); // warm-up
  const names = Object.keys(candidates);
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const k of r % 2 ? [...names].reverse() : names) samples[k].push(await rate(candidates[k], inFlight));
  }
  // Rates are medians per candidate; ratios are medians of the per-round ratios to the first candidate.
  const out = Object.fromEntries(names.map((k) => [k, median(samples[k])]));
  out.ratio = Object.fromEntries(names.map((k) => [k, median(samples[k].map((x, i) => x / samples[names[0]][i]))]));
  out.pair = (a, b) => median(samples[a].map((x, i) => x / samples[b][i]));
  return out;
}

async function setup(alg) {
  const pair = alg.startsWith('HS')
    ? await lite.generateSecretKey(alg).then(({ key }) => ({ signing: key, verifying: key }))
    : await lite.generateSigningKey(alg).then(async ({ privateKey, publicJwk }) => ({ signing: privateKey, verifying: await lite.importJwk(publicJwk, alg) }));
  const now = Math.floor(Date.now() / 1000);
  const token = await lite.signAccessToken({ iss: ISS, aud: AUD, sub: 'user-1', client_id: 'client-1', exp: now + 3600, scope: 'mcp:tools mcp:resources' }, pair.signing);
  const [h, p, s] = token.split('.');
  const data = new TextEncoder().encode(`${h}.${p}`);
  const sig = new Uint8Array(Buffer.from(s, 'base64url'));
  const params = algSpec(alg);
  const key = pair.verifying.key;
  const opts = { algorithms: [alg], issuer: ISS, audience: AUD };
  return {
    token,
    verifying: pair.verifying,
    raw: async () => { if (!(await crypto.subtle.verify(params, key, sig, data))) throw new Error('raw'); },
    lite: () => lite.verifyJwt(token, pair.verifying, opts),
    native: () => lite.verifyJwt(token, pair.verifying, { ...opts, crypto: native }),
    jose: () => jose.jwtVerify(token, key, opts),
  };
}

const k = (x) => `${(x / 1000).toFixed(1)} k/s`;
const f = (x) => x.toFixed(2);

for (const inFlight of [1, 32]) {
  console.log(`### verify, ${inFlight} call${inFlight > 1 ? 's' : ''} in flight (decode + verify + iss/aud/exp claims)\n`);
  console.log('| alg | raw WebCrypto | jwt-lite | jose | jwt-lite/raw | jose/raw | jwt-lite/jose |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const alg of ALGS) {
    const s = await setup(alg);
    const r = await compare({ raw: s.raw, lite: s.lite, jose: s.jose }, inFlight);
    console.log(`| ${alg} | ${k(r.raw)} | ${k(r.lite)} | ${k(r.jose)} | ${f(r.ratio.lite)} | ${f(r.ratio.jose)} | ${f(r.pair('lite', 'jose'))} |`);
  }
  console.log('');
}

// The native crypto provider of @mcp-oauth/node (issue #16): the same verifyJwt with `crypto: nodeCryptoProvider()`,
// interleaved with the WebCrypto default and jose in one run.
for (const inFlight of [1, 32]) {
  console.log(`### verify with nodeCryptoProvider(), ${inFlight} call${inFlight > 1 ? 's' : ''} in flight (decode + verify + iss/aud/exp claims)\n`);
  console.log('| alg | jwt-lite node:crypto | jwt-lite WebCrypto | jose | node:crypto/jose | node:crypto/WebCrypto |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const alg of ALGS) {
    const s = await setup(alg);
    const r = await compare({ native: s.native, lite: s.lite, jose: s.jose }, inFlight);
    console.log(`| ${alg} | ${k(r.native)} | ${k(r.lite)} | ${k(r.jose)} | ${f(r.pair('native', 'jose'))} | ${f(r.pair('native', 'lite'))} |`);
  }
  console.log('');
}

// As on a server, the token is a new string on every request (sliced from an Authorization header),
// so nothing keyed by it can lean on a hash V8 cached on the string object.
console.log('### bearer check of a token already seen (verifyAccessToken + cache vs jose jwtVerify per request; a fresh token string each request), 1 in flight\n');
console.log('| alg | jwt-lite cached | jose | jwt-lite/jose |');
console.log('| --- | --- | --- | --- |');
for (const alg of ['HS256', 'ES256', 'RS256', 'EdDSA'].filter((a) => ALGS.includes(a))) {
  const s = await setup(alg);
  const cache = lite.createVerifiedTokenCache();
  const o = { issuer: ISS, audience: AUD, algorithms: [alg], cache };
  const header = JSON.parse(JSON.stringify(`Bearer ${s.token}`)); // one flat string, as parsed from a request
  const jo = { algorithms: [alg], issuer: ISS, audience: AUD };
  const r = await compare({
    cached: () => lite.verifyAccessToken(header.slice(7), s.verifying, o),
    jose: () => jose.jwtVerify(header.slice(7), s.verifying.key, jo),
  }, 1);
  console.log(`| ${alg} | ${k(r.cached)} | ${k(r.jose)} | ${f(r.pair('cached', 'jose'))} |`);
}
console.log('');
