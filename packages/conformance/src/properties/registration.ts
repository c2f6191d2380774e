// What an anonymous registrant can get: no user-less grant, no fetch inside the network, no token facts.
import { internalUrl } from '../arbitraries/messages';
import { dangerousRedirectUri } from '../arbitraries/redirect-uris';
import { asm, client, endpoint, KIT_REDIRECT, register, resource, scope, tokenRequest, tokens, type Client, type Ctx } from '../internal/context';
import { field, str, type Observed } from '../internal/http';
import { expect, forAll, forEach, Skip, Violation, type Property } from '../internal/property';

function needRegistration(ctx: Ctx): void {
  if (!str(asm(ctx), 'registration_endpoint')) throw new Skip('not-applicable', 'the server offers no registration_endpoint');
}

export const anonymousGrantProperty: Property = {
  id: 'A-ANON-1', title: 'a self-registered client gets no token without a user (client_credentials refused at registration or at /token)', intrusive: true,
  fix: 'refuse grant types without a user (client_credentials, jwt-bearer, token exchange) for DCR and CIMD clients, at registration (invalid_client_metadata) or at /token (unauthorized_client); allow them only for configured clients',
  async run(ctx) {
    needRegistration(ctx);
    const res = resource(ctx);
    const sc = scope(ctx);
    let tried = 0;
    const runs = await forEach(ctx, [['client_credentials'], ['authorization_code', 'client_credentials']], async (grants) => {
      const o = await register(ctx, { redirect_uris: [KIT_REDIRECT], grant_types: grants, token_endpoint_auth_method: 'client_secret_basic', application_type: 'native' });
      const id = str(o.json, 'client_id');
      const secret = str(o.json, 'client_secret');
      if (o.status !== 201 || !id || !secret) return;
      tried++;
      const t = await tokenRequest(ctx, { client_id: id, client_secret: secret, redirect_uri: KIT_REDIRECT, source: 'dcr' }, { grant_type: 'client_credentials', resource: res, scope: sc });
      expect(str(t.json, 'access_token') === undefined, `an anonymous registrant (grant_types ${JSON.stringify(grants)}) got an access token by client_credentials`, t);
    }, (g) => JSON.stringify(g));
    const conf = await client(ctx, 'confidential').catch((e: unknown) => { if (e instanceof Skip) return undefined; throw e; });
    if (conf?.client_secret) {
      const t = await tokenRequest(ctx, conf, { grant_type: 'client_credentials', resource: res, scope: sc });
      expect(str(t.json, 'access_token') === undefined, 'a self-registered authorization_code client got an access token by client_credentials', t);
      tried++;
    }
    return `${runs} registrations asking for client_credentials: ${tried ? `${tried} token requests without a user refused` : 'all refused at registration'}`;
  },
};

export const ssrfProperty: Property = {
  id: 'A-SSRF-1', title: 'registration refuses jwks_uri values inside the network (loopback, private, link-local, encoded IPs)', intrusive: true,
  fix: 'refuse client-supplied URLs (jwks_uri, CIMD client ids) whose host is an IP literal, a loopback name or a private/reserved address at registration, and fetch the others through one SSRF guard checking the resolved address',
  async run(ctx) {
    needRegistration(ctx);
    const methods = field(asm(ctx), 'token_endpoint_auth_methods_supported');
    const pkjwt = Array.isArray(methods) && methods.includes('private_key_jwt');
    const runs = await forAll(ctx, internalUrl(), async (url) => {
      const o = await register(ctx, { redirect_uris: [KIT_REDIRECT], grant_types: ['authorization_code'], token_endpoint_auth_method: 'private_key_jwt', jwks_uri: url, application_type: 'native' });
      expect(o.status >= 400 && o.status < 500, `a registration with jwks_uri ${url} was answered ${o.status}`, o);
    }, (u) => u, Math.min(ctx.numRuns, 8));
    return `${runs} registrations with an internal jwks_uri refused${pkjwt ? '' : ' (private_key_jwt is not advertised)'}`;
  },
};

export const redirectSchemeProperty: Property = {
  id: 'A-DCR-1', title: 'registration refuses dangerous redirect URIs (javascript:, data:, file:, non-loopback http, fragments, wildcards, userinfo) and chooses the client id and a 256-bit secret itself', intrusive: true,
  fix: 'validate redirect_uris at registration: https or loopback http only, no fragment, wildcard or userinfo (RFC 7591 §2, RFC 9700 §2.1), answering invalid_redirect_uri; ignore client_id and client_secret in the body, issue a random id and a secret of at least 256 bits with client_secret_expires_at',
  async run(ctx) {
    needRegistration(ctx);
    const runs = await forAll(ctx, dangerousRedirectUri(), async (uri) => {
      const o = await register(ctx, { redirect_uris: [uri], grant_types: ['authorization_code'], token_endpoint_auth_method: 'none' });
      expect(o.status === 400, `a registration with redirect_uris [${JSON.stringify(uri)}] was answered ${o.status}`, o);
    }, (u) => JSON.stringify(u), Math.min(ctx.numRuns, 6));
    // A38: the server chooses the id and a secret of at least 256 bits, whatever the body says.
    const o = await register(ctx, { redirect_uris: [KIT_REDIRECT], grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_basic', application_type: 'native', client_id: 'user-42', client_secret: 'abc' });
    if (o.status === 201) {
      const id = str(o.json, 'client_id');
      const secret = str(o.json, 'client_secret');
      expect(id !== undefined && id !== 'user-42' && !/^https?:/.test(id), `registration kept the client_id the body chose (${JSON.stringify(id)})`, o);
      expect(secret !== undefined && secret !== 'abc', 'registration kept the client_secret the body chose', o);
      expect(secret!.length >= 43, `the issued client_secret has ${secret!.length} characters, under 256 bits of base64url`, o);
      expect(typeof field(o.json, 'client_secret_expires_at') === 'number', 'the registration response has no client_secret_expires_at (RFC 7591 §3.2.1)', o);
    }
    return `${runs} dangerous redirect URIs refused at registration; ${o.status === 201 ? 'the server chose the client id and a secret of at least 256 bits' : `a confidential registration was refused (${o.status})`}`;
  },
};

export const introspectionProperty: Property = {
  id: 'A-INTRO-1', title: 'introspection tells a stranger (no credentials, a self-registered client) nothing about a live token', intrusive: true,
  fix: 'answer introspection only for callers configured as resource servers; others get 401/403 or {"active":false} and no token facts (RFC 7662 §4)',
  async run(ctx) {
    const url = endpoint(ctx, 'introspection_endpoint');
    const { accessToken } = await tokens(ctx, await client(ctx, 'loopback'));
    const facts = (j: unknown): boolean => field(j, 'active') === true || ['sub', 'scope', 'client_id', 'aud', 'exp'].some((k) => field(j, k) !== undefined);
    const callers: [string, Client | undefined][] = [['no credentials', undefined]];
    const conf = await client(ctx, 'confidential').catch((e: unknown) => { if (e instanceof Skip) return undefined; throw e; });
    if (conf?.client_secret) callers.push(['a self-registered confidential client', conf]);
    for (const [who, c] of callers) {
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
      if (c?.client_secret) headers['authorization'] = `Basic ${btoa(`${encodeURIComponent(c.client_id)}:${encodeURIComponent(c.client_secret)}`)}`;
      const o = await ctx.http.send('POST', url, { headers, body: new URLSearchParams({ token: accessToken }).toString() });
      expect(!facts(o.json), `introspection by ${who} returned facts about a live token (${o.status})`, o);
    }
    return `${callers.map((c) => c[0]).join(' and ')}: no token facts`;
  },
};

/** The default ceiling of registrations one caller may make in a burst (ATTACKS 36: 1,000 a minute must hit the limit). */
export const REGISTRATION_LIMIT = 100;

export const registrationLimitProperty: Property = {
  id: 'A82', title: 'registration is rate-limited per caller: past the limit, one caller\'s registrations get 429 with Retry-After', intrusive: true,
  fix: 'rate-limit registration per caller address (from the connection, or a trusted proxy header you configure; never one bucket for every caller, never a header any caller can set) and answer 429 with Retry-After (RFC 6585 §4; ATTACKS 36, 82)',
  async run(ctx) {
    needRegistration(ctx);
    const limit = ctx.options.registrationLimit ?? REGISTRATION_LIMIT;
    const url = endpoint(ctx, 'registration_endpoint');
    const needed = Math.max(1, limit + 1 - ctx.counters.registrations);
    if (needed > ctx.http.remaining()) {
      throw new Skip('not-tested', `reaching the limit of ${limit} registrations needs up to ${needed} more requests; the budget leaves ${ctx.http.remaining()} (raise maxRequests, or set registrationLimit to the server's limit)`);
    }
    const body = JSON.stringify({ client_name: 'mcp-oauth conformance', response_types: ['code'], redirect_uris: [KIT_REDIRECT], grant_types: ['authorization_code'], token_endpoint_auth_method: 'none', application_type: 'native' });
    let last: Observed | undefined;
    do {
      ctx.counters.registrations++;
      const o = await ctx.http.send('POST', url, { headers: { 'content-type': 'application/json', accept: 'application/json' }, body });
      last = o;
      if (o.status === 429) {
        expect(o.headers.has('retry-after'), 'a 429 from the registration endpoint has no Retry-After header', o);
        return `registration ${ctx.counters.registrations} from this caller got 429 with Retry-After: ${o.headers.get('retry-after')}`;
      }
      if (o.status !== 201) throw new Skip('not-tested', `a valid registration was answered ${o.status}, so the limit could not be reached`);
    } while (ctx.counters.registrations <= limit);
    throw new Violation(`${ctx.counters.registrations} registrations from one caller were all accepted: no per-caller limit at or under ${limit}`, last);
  },
};
