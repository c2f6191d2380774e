// The protected resource: invalid, malformed, mutated and foreign tokens are refused with the right challenge.
import { forgedAccessToken, malformedAuthorization, mutatedJwt } from '../arbitraries/messages';
import { asm, callResource, client, Skip, tokens, type Ctx } from '../internal/context';
import { field, str } from '../internal/http';
import { expect, forAll, type Property } from '../internal/property';
import { bearerParams } from './discovery';

function needResource(ctx: Ctx): string {
  if (!ctx.d.mcpUrl) throw new Skip('not-applicable', 'the target is an authorization server, not an MCP server');
  return ctx.d.mcpUrl;
}

export const invalidTokenProperty: Property = {
  id: 'R-TOK-1', title: 'forged and mutated access tokens get 401 invalid_token with resource_metadata; a valid token is accepted', intrusive: false,
  fix: 'verify every token (signature with an allowlisted alg and the issuer\'s keys, exp/nbf, iss, typ at+jwt) and answer 401 with `WWW-Authenticate: Bearer error="invalid_token", resource_metadata="…"`',
  async run(ctx) {
    needResource(ctx);
    const issuer = ctx.d.issuer;
    const res = str(ctx.d.prm, 'resource');
    const refuse = async (token: string, what: string): Promise<void> => {
      const o = await callResource(ctx, `Bearer ${token}`);
      expect(o.status === 401, `${what} was answered ${o.status}, not 401`, o);
      const p = bearerParams(o);
      expect(p?.['error'] === 'invalid_token', `${what}: the 401 challenge has error=${JSON.stringify(p?.['error'])}, not "invalid_token"`, o);
      expect(typeof p?.['resource_metadata'] === 'string', `${what}: the 401 challenge has no resource_metadata`, o);
    };
    const runs = await forAll(ctx, forgedAccessToken({ ...(issuer ? { issuer } : {}), ...(res ? { resource: res } : {}) }), (t) => refuse(t, 'a forged token'), (t) => `token of ${t.length} characters starting ${t.slice(0, 24)}…`);
    if (!ctx.options.intrusive) return `${runs} forged tokens refused with 401 invalid_token (valid and mutated tokens need --intrusive)`;
    const { accessToken } = await tokens(ctx, await client(ctx, 'loopback'));
    const ok = await callResource(ctx, `Bearer ${accessToken}`);
    expect(ok.status >= 200 && ok.status < 300, `a freshly issued token for this resource was answered ${ok.status}`, ok);
    const mutated = await forAll(ctx, mutatedJwt(accessToken), (m) => refuse(m.token, `the issued token with mutation ${m.mutation}`), (m) => `mutation ${m.mutation}`);
    return `${runs} forged and ${mutated} mutated tokens refused with 401 invalid_token; the issued token accepted`;
  },
};

export const malformedProperty: Property = {
  id: 'R-TOK-5', title: 'malformed Authorization headers get 400 invalid_request or 401, and tokens in the query string are not accepted', intrusive: false,
  fix: 'answer a malformed Authorization header with 400 invalid_request (or 401 with a challenge) and never read access_token from the query string (RFC 6750 §2.3 is not for MCP)',
  async run(ctx) {
    const url = needResource(ctx);
    const runs = await forAll(ctx, malformedAuthorization(), async (h) => {
      const o = await callResource(ctx, h);
      expect(o.status === 400 || o.status === 401, `Authorization: ${JSON.stringify(h.slice(0, 40))} was answered ${o.status}`, o);
      if (o.status === 400) expect(str(o.json, 'error') === 'invalid_request' || bearerParams(o)?.['error'] === 'invalid_request', 'a 400 without invalid_request', o);
    }, (h) => JSON.stringify(h));
    if (!ctx.options.intrusive) return `${runs} malformed headers refused (a real token in the query string needs --intrusive)`;
    const { accessToken } = await tokens(ctx, await client(ctx, 'loopback'));
    const q = new URL(url);
    q.searchParams.set('access_token', accessToken);
    const o = await callResource(ctx, undefined, { url: q.href });
    expect(o.status === 401, `a valid token in the query string was answered ${o.status}, not 401`, o);
    return `${runs} malformed headers refused; a valid token in the query string refused`;
  },
};

export const audienceProperty: Property = {
  id: 'R-TOK-2', title: 'a token the same AS issued for another resource is refused (audience checked)', intrusive: true,
  fix: 'accept only tokens whose `aud` is exactly this resource (RFC 8707, RFC 9068 §4); answer others with 401 invalid_token',
  async run(ctx) {
    needResource(ctx);
    const other = ctx.options.otherResource;
    if (!other) throw new Skip('not-tested', 'needs `otherResource` (another resource of the same AS) to obtain a token with another audience');
    const { accessToken } = await tokens(ctx, await client(ctx, 'loopback'), { resource: other });
    ctx.http.allow(accessToken, [ctx.d.mcpUrl]);
    const o = await callResource(ctx, `Bearer ${accessToken}`);
    expect(o.status === 401, `a token issued for ${other} was answered ${o.status} at ${ctx.d.mcpUrl}, not 401`, o);
    return `a token for ${other} was refused with 401`;
  },
};


export const insufficientScopeProperty: Property = {
  id: 'R-TOK-4', title: 'a valid token without the scope the resource needs gets 403 insufficient_scope naming every needed scope', intrusive: true,
  fix: 'answer a valid token that lacks a needed scope with 403 and `WWW-Authenticate: Bearer error="insufficient_scope", scope="<every scope the operation needs>"` (RFC 6750 §3.1, MCP step-up)',
  async run(ctx) {
    needResource(ctx);
    const needed = (bearerParams(ctx.d.challenge!)?.['scope'] ?? '').split(' ').filter(Boolean);
    if (!needed.length) throw new Skip('not-tested', 'the 401 challenge names no scope, so the scope an MCP request needs is unknown');
    const offered = field(asm(ctx), 'scopes_supported');
    const other = Array.isArray(offered) ? offered.find((x): x is string => typeof x === 'string' && x !== 'offline_access' && x !== 'openid' && !needed.includes(x) && !x.endsWith(':*')) : undefined;
    if (!other) throw new Skip('not-tested', `the AS offers no scope besides ${needed.join(' ')} to obtain a token without it`);
    const t = await tokens(ctx, await client(ctx, 'loopback'), { scope: other });
    const granted = (str(t.json, 'scope') ?? other).split(' ');
    if (needed.every((n) => granted.includes(n))) throw new Skip('not-tested', `asked for "${other}", the AS granted the needed scope anyway`);
    const o = await callResource(ctx, `Bearer ${t.accessToken}`);
    expect(o.status === 403, `a token with scope "${granted.join(' ')}" (the resource needs "${needed.join(' ')}") was answered ${o.status}, not 403`, o);
    const p = bearerParams(o);
    expect(p?.['error'] === 'insufficient_scope', `the 403 challenge has error=${JSON.stringify(p?.['error'])}, not "insufficient_scope"`, o);
    const named = (p?.['scope'] ?? '').split(' ');
    expect(needed.every((n) => named.includes(n)), `the 403 challenge names scope="${p?.['scope'] ?? ''}", not every needed scope (${needed.join(' ')})`, o);
    return `a token with "${granted.join(' ')}" got 403 insufficient_scope scope="${p?.['scope']}"`;
  },
};
