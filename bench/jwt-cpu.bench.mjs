// Main-thread CPU time of one verification, WebCrypto excluded: `crypto.subtle.verify` is replaced
// by a function that resolves `true` at once, so what remains is each library's own work (split,
// base64url, JSON, claims, promises). The least noisy figure on a shared machine: interleaved rounds,
// the minimum per candidate. Needs the built package. Env: JWT_BENCH_ALGS, JWT_BENCH_LITE (as jwt.bench.mjs).
import * as jose from 'jose';
const lite = await import(process.env.JWT_BENCH_LITE ?? '@mcp-oauth/jwt-lite');

const ALGS = (process.env.JWT_BENCH_ALGS ?? 'HS256,RS256,PS256,ES256,EdDSA').split(',');
const ISS = 'https://as.example.com';
const AUD = 'https://mcp.example.com/mcp';
const N = 20000;

console.log('### main-thread time per verification, WebCrypto stubbed out (µs, lower is better)\n');
console.log('| alg | jwt-lite | jose | jose/jwt-lite |');
console.log('| --- | --- | --- | --- |');
const proto = Object.getPrototypeOf(crypto.subtle);
const realVerify = proto.verify;
for (const alg of ALGS) {
  proto.verify = realVerify;
  const pair = alg.startsWith('HS')
    ? await lite.generateSecretKey(alg).then(({ key }) => ({ signing: key, verifying: key }))
    : await lite.generateSigningKey(alg).then(async ({ privateKey, publicJwk }) => ({ signing: privateKey, verifying: await lite.importJwk(publicJwk, alg) }));
  const now = Math.floor(Date.now() / 1000);
  const token = await lite.signAccessToken({ iss: ISS, aud: AUD, sub: 'user-1', client_id: 'client-1', exp: now + 3600, scope: 'mcp:tools mcp:resources' }, pair.signing);
  const opts = { algorithms: [alg], issuer: ISS, audience: AUD };
  const done = Promise.resolve(true);
  proto.verify = function () { return done; };
  const ops = { lite: () => lite.verifyJwt(token, pair.verifying, opts), jose: () => jose.jwtVerify(token, pair.verifying.key, opts) };
  const best = { lite: Infinity, jose: Infinity };
  for (let r = 0; r < 14; r++) {
    for (const k of r % 2 ? ['jose', 'lite'] : ['lite', 'jose']) {
      const t = performance.now();
      for (let i = 0; i < N; i++) await ops[k]();
      if (r > 1) best[k] = Math.min(best[k], ((performance.now() - t) * 1000) / N);
    }
  }
  console.log(`| ${alg} | ${best.lite.toFixed(2)} | ${best.jose.toFixed(2)} | ${(best.jose / best.lite).toFixed(2)} |`);
}
proto.verify = realVerify;
console.log('');
