// The authorization endpoint: PKCE, exact redirect URIs, `iss` on every response, resource binding.
import { brokenPkceParameterList } from '../arbitraries/messages';
import { redirectUriVariants } from '../arbitraries/redirect-uris';
import { authorize, client, code, endpoint, KIT_REDIRECT, REMOTE_REDIRECT, resource, tokenRequest, type Authorization, type Ctx } from '../internal/context';
import { str } from '../internal/http';
import { expect, forEach, Skip, type Property } from '../internal/property';

const noCode = (a: Authorization): boolean => !a.response?.get('code') && !/[?&#]code=/.test(a.location ?? '');

export const pkceProperty: Property = {
  id: 'A-PKCE-1', title: 'PKCE required and S256 only: a missing, plain, mis-cased or malformed challenge gets no code; a wrong or missing verifier gets no token', intrusive: true,
  fix: 'require code_challenge with code_challenge_method=S256 (exact) at /authorize and check code_verifier against it at /token (RFC 7636, OAuth 2.1 §4.1.1)',
  async run(ctx) {
    const c = await client(ctx, 'loopback');
    await code(ctx, c); // control: a correct request gets a code
    const a = await forEach(ctx, brokenPkceParameterList(), async (b) => {
      const r = await authorize(ctx, c, b.params);
      expect(noCode(r), `an authorization request with PKCE case "${b.kind}" got a code`, r.first);
    }, (b) => b.kind);
    const t = await forEach(ctx, ['missing', 'other-verifier', 'challenge-as-verifier'], async (kind) => {
      const g = await code(ctx, c);
      const challenge = new URL(g.url).searchParams.get('code_challenge') ?? '';
      const verifier = kind === 'missing' ? undefined : kind === 'other-verifier' ? `${g.verifier.slice(1)}x` : challenge;
      const o = await tokenRequest(ctx, c, { grant_type: 'authorization_code', code: g.code, code_verifier: verifier, redirect_uri: c.redirect_uri, resource: resource(ctx) });
      expect(str(o.json, 'access_token') === undefined, `a token request with verifier case "${kind}" got an access token`, o);
    }, (k) => k);
    return `${a} broken challenges got no code; ${t} wrong verifiers got no token`;
  },
};

const sameOriginNoCode = (ctx: Ctx, r: Authorization): boolean => {
  if (r.location === undefined) return true;
  const base = new URL(endpoint(ctx, 'authorization_endpoint'));
  try { return new URL(r.location, base).origin === base.origin && !/[?&#]code=/.test(r.location); } catch { return false; }
};

export const redirectProperty: Property = {
  id: 'A-RED-1', title: 'redirect URIs match exactly (raw string; only a loopback port may vary): every variant gets an error page, no redirect, no code', intrusive: true,
  fix: 'compare the presented redirect_uri with the registered strings exactly (no URL parsing, prefix or case folding); for loopback only the port may differ (RFC 9700 §4.1.3, RFC 8252 §7.3); answer with a local error page, never a redirect',
  async run(ctx) {
    const loop = await client(ctx, 'loopback');
    const remote = await client(ctx, 'remote').catch((e: unknown) => { if (e instanceof Skip) return undefined; throw e; });
    await code(ctx, loop);
    if (remote) await code(ctx, remote);
    const pairs = [...(remote ? redirectUriVariants(REMOTE_REDIRECT).map((p) => ({ ...p, c: remote })) : []), ...redirectUriVariants(loop.redirect_uri).map((p) => ({ ...p, c: loop }))];
    const runs = await forEach(ctx, pairs, async (p) => {
      const r = await authorize(ctx, p.c, {}, p.presented);
      expect(sameOriginNoCode(ctx, r), `redirect_uri ${JSON.stringify(p.presented)} (${p.kind}) registered as ${p.registered} was answered ${r.first.status} with a redirect${/[?&#]code=/.test(r.location ?? '') ? ' carrying a code' : ''}`, r.first);
    }, (p) => `${p.kind}: ${JSON.stringify(p.presented)}`);
    return `${runs} redirect URI variants refused without a redirect${remote ? '' : ' (loopback only: no https client could be registered)'}`;
  },
};

export const issProperty: Property = {
  id: 'A-ISS-1', title: 'every authorization response carries `iss` equal to the issuer, errors included (RFC 9207)', intrusive: true,
  fix: 'add iss=<issuer> to every redirect from the authorization endpoint, success and error alike (RFC 9207 §2)',
  async run(ctx) {
    const c = await client(ctx, 'loopback');
    const ok = await code(ctx, c);
    expect(ok.response?.get('iss') === ctx.d.issuer, `a successful authorization response has iss=${JSON.stringify(ok.response?.get('iss'))}, not ${ctx.d.issuer}`, ok.first);
    let errors = 0;
    const runs = await forEach<Record<string, string | undefined>>(ctx, [
      { response_type: 'token' }, { response_type: 'x' }, { scope: 'conformance-unknown-scope' }, { code_challenge: undefined, code_challenge_method: undefined },
      { code_challenge_method: 'plain' }, { prompt: 'none', scope: 'conformance-unknown-scope' }, { resource: 'https://conformance.invalid/mcp' },
    ], async (overrides) => {
      const r = await authorize(ctx, c, overrides);
      if (!r.response) return; // an error page instead of a redirect carries no authorization response
      errors++;
      expect(r.response.get('iss') === ctx.d.issuer, `an error response (${r.response.get('error') ?? 'no error code'}) to ${KIT_REDIRECT} has iss=${JSON.stringify(r.response.get('iss'))}`, r.first);
      expect(r.response.get('state') === r.state, 'an error response does not return the state', r.first);
    }, (o) => JSON.stringify(o));
    return `iss on the success response and on ${errors} of ${runs} error responses (the rest were error pages)`;
  },
};

export const resourceProperty: Property = {
  id: 'A-AUD-1', title: 'a resource the AS does not serve (or a variant of its identifier) gets no code, or its code gets no token', intrusive: true,
  fix: 'refuse resource values that are not exactly one of the resources you issue tokens for with invalid_target (RFC 8707 §2)',
  async run(ctx) {
    const c = await client(ctx, 'loopback');
    const r = resource(ctx);
    if (!r) throw new Skip('not-tested', 'no resource identifier known (pass `resource` when the target is an issuer)');
    await code(ctx, c);
    const variants = [`${r}/`, `${r}#x`, `${r}/other`, 'https://evil.example/mcp', r.toUpperCase(), `${r}?x=1`].filter((v) => v !== r);
    let atToken = 0;
    const runs = await forEach(ctx, variants, async (v) => {
      const a = await authorize(ctx, c, { resource: v });
      const got = a.response?.get('code');
      if (!got) { expect(noCode(a), `resource=${JSON.stringify(v)} (resource is ${r}) was answered with a code outside the redirect URI`, a.first); return; }
      // Refusing at /token instead (RFC 8707 §2: invalid_target) also keeps the token bound.
      const o = await tokenRequest(ctx, c, { grant_type: 'authorization_code', code: got, code_verifier: a.verifier, redirect_uri: c.redirect_uri, resource: v });
      expect(str(o.json, 'access_token') === undefined, `resource=${JSON.stringify(v)} (resource is ${r}) got a code and then an access token`, o);
      atToken++;
    }, (v) => JSON.stringify(v));
    return `${runs} foreign resource values got no token${atToken ? ` (${atToken} refused only at /token)` : ''}`;
  },
};

export const errorRedirectProperty: Property = {
  id: 'A-RED-2', title: 'failed authorization requests of a self-registered client with a remote redirect URI are not redirected there', intrusive: true,
  fix: 'for a self-registered (DCR/CIMD) client with a non-loopback redirect URI, show an error page naming the destination host instead of redirecting errors (RFC 9700 §4.11.2)',
  async run(ctx) {
    const remote = await client(ctx, 'remote');
    await code(ctx, remote);
    const host = new URL(REMOTE_REDIRECT).host;
    const runs = await forEach<Record<string, string | undefined>>(ctx, [{ response_type: 'x' }, { code_challenge_method: 'plain' }, { scope: 'conformance-unknown-scope' }, { code_challenge: undefined, code_challenge_method: undefined }], async (o) => {
      const a = await authorize(ctx, remote, o);
      let to: string | undefined;
      try { to = a.location === undefined ? undefined : new URL(a.location).host; } catch { to = undefined; }
      expect(to !== host, `a failing request (${JSON.stringify(o)}) was redirected to ${host}`, a.first);
    }, (o) => JSON.stringify(o));
    return `${runs} failing requests were not redirected to ${host}`;
  },
};
