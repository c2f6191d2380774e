// Read-only properties: the 401 challenge, PRM, AS metadata and what its endpoints accept.
import { parseWwwAuthenticate, protectedResourceMetadataUrls } from '@mcp-oauth/metadata';
import { asm, type Ctx } from '../internal/context';
import { field, str, type Observed } from '../internal/http';
import { expect, Skip, type Property } from '../internal/property';

export function bearerParams(o: Observed): Record<string, string> | undefined {
  const h = o.headers.get('www-authenticate');
  if (!h) return undefined;
  try { return parseWwwAuthenticate(h).find((c) => c.scheme.toLowerCase() === 'bearer')?.params; } catch { return undefined; }
}

function challenge(ctx: Ctx): Observed {
  if (!ctx.d.challenge) throw new Skip('not-applicable', 'the target is an authorization server, not an MCP server');
  return ctx.d.challenge;
}

export const challengeProperty: Property = {
  id: 'R-PRM-2', title: '401 without credentials carries a Bearer challenge with resource_metadata and no error code', intrusive: false,
  fix: 'answer unauthenticated requests with 401 and `WWW-Authenticate: Bearer resource_metadata="<PRM URL>"` (RFC 9728 §5.1; RFC 6750 §3.1: no error code when no credentials were sent)',
  async run(ctx) {
    const c = challenge(ctx);
    expect(c.status === 401, `an unauthenticated MCP request was answered ${c.status}, not 401`, c);
    const p = bearerParams(c);
    expect(p !== undefined, 'the 401 has no parseable Bearer challenge in WWW-Authenticate', c);
    expect(typeof p!['resource_metadata'] === 'string' && URL.canParse(p!['resource_metadata']), 'the Bearer challenge has no resource_metadata URL', c);
    expect(p!['error'] === undefined, `the challenge to a request without credentials carries error="${String(p!['error']).slice(0, 40)}"`, c);
    return `401 with Bearer resource_metadata="${p!['resource_metadata']}"${p!['scope'] ? ` scope="${p!['scope']}"` : ''}`;
  },
};

export const prmProperty: Property = {
  id: 'R-PRM-1', title: 'protected resource metadata: `resource` is exactly the MCP server URL, at least one authorization server, served at the path-based well-known URL', intrusive: false,
  fix: 'serve RFC 9728 metadata at /.well-known/oauth-protected-resource/<path> whose `resource` is the exact MCP endpoint URL and `authorization_servers` lists the issuer',
  async run(ctx) {
    challenge(ctx);
    const prm = ctx.d.prm;
    if (!prm) throw new Skip('not-tested', ctx.d.gap ?? 'no protected resource metadata');
    const o = ctx.d.prmObserved;
    expect(prm['resource'] === ctx.d.mcpUrl, `PRM resource is ${JSON.stringify(prm['resource'])}, not exactly ${ctx.d.mcpUrl}`, o);
    const servers = prm['authorization_servers'];
    expect(Array.isArray(servers) && servers.length > 0 && servers.every((s) => typeof s === 'string'), 'PRM lists no authorization server', o);
    const wellKnown = protectedResourceMetadataUrls(ctx.d.mcpUrl!)[0]!.href;
    if (wellKnown !== ctx.d.prmUrl) {
      const w = await ctx.http.send('GET', wellKnown, { headers: { accept: 'application/json' } });
      expect(w.status === 200 && field(w.json, 'resource') === ctx.d.mcpUrl, `the path-based well-known URL answered ${w.status} without the same document`, w);
    }
    return `PRM at ${ctx.d.prmUrl} names ${ctx.d.mcpUrl} and ${(servers as string[]).join(', ')}`;
  },
};

export const offlineAccessProperty: Property = {
  id: 'R-TOK-6', title: '`offline_access` is not advertised in PRM or in challenges', intrusive: false,
  fix: 'remove offline_access from the PRM scopes_supported and from the scope of challenges (it is an AS concern)',
  async run(ctx) {
    challenge(ctx);
    const s = field(ctx.d.prm, 'scopes_supported');
    expect(!(Array.isArray(s) && s.includes('offline_access')), 'PRM scopes_supported lists offline_access', ctx.d.prmObserved);
    const sc = bearerParams(ctx.d.challenge!)?.['scope'] ?? '';
    expect(!sc.split(' ').includes('offline_access'), 'the 401 challenge asks for offline_access', ctx.d.challenge);
    return `scopes: ${Array.isArray(s) ? s.join(' ') || '(none)' : '(none advertised)'}`;
  },
};

const USERLESS_OR_LEGACY = ['implicit', 'password'];

export const asMetadataProperty: Property = {
  id: 'A-MD-1', title: 'AS metadata: `issuer` exact, PKCE exactly ["S256"], `iss` parameter, and the token endpoint accepts the grants it advertises', intrusive: false,
  fix: 'publish RFC 8414 metadata whose issuer is the exact issuer identifier, with code_challenge_methods_supported ["S256"], authorization_response_iss_parameter_supported true, and only grants /token implements',
  async run(ctx) {
    const m = asm(ctx);
    const o = ctx.d.asmObserved;
    expect(m['issuer'] === ctx.d.issuer, `metadata issuer ${JSON.stringify(m['issuer'])} is not exactly ${ctx.d.issuer}`, o);
    const pkce = m['code_challenge_methods_supported'];
    expect(Array.isArray(pkce) && pkce.length === 1 && pkce[0] === 'S256', `code_challenge_methods_supported is ${JSON.stringify(pkce)}, not ["S256"]`, o);
    expect(m['authorization_response_iss_parameter_supported'] === true, 'authorization_response_iss_parameter_supported is not true (RFC 9207)', o);
    expect(typeof m['authorization_endpoint'] === 'string' && typeof m['token_endpoint'] === 'string', 'authorization_endpoint or token_endpoint missing', o);
    const rts = m['response_types_supported'];
    expect(Array.isArray(rts) && rts.includes('code'), 'response_types_supported does not include "code"', o);
    const grants = Array.isArray(m['grant_types_supported']) ? (m['grant_types_supported'] as unknown[]).filter((g): g is string => typeof g === 'string') : ['authorization_code', 'implicit'];
    const legacy = grants.filter((g) => USERLESS_OR_LEGACY.includes(g) && Array.isArray(m['grant_types_supported']));
    expect(legacy.length === 0, `grant_types_supported advertises ${legacy.join(', ')} (removed in OAuth 2.1)`, o);
    const token = str(m, 'token_endpoint')!;
    // Each advertised grant is understood (an error about the missing parameters, never unsupported_grant_type).
    for (const g of grants.filter((x) => !USERLESS_OR_LEGACY.includes(x))) {
      const r = await ctx.http.send('POST', token, { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams({ grant_type: g }).toString() });
      expect(r.status === 400 || r.status === 401, `POST /token grant_type=${g} with nothing else answered ${r.status}, not 400/401`, r);
      expect(str(r.json, 'error') !== 'unsupported_grant_type', `metadata advertises ${g} but /token answers unsupported_grant_type`, r);
    }
    const r = await ctx.http.send('POST', token, { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: 'grant_type=password&username=a&password=b' });
    expect(r.status === 400 || r.status === 401, `POST /token grant_type=password answered ${r.status}`, r);
    expect(typeof str(r.json, 'error') === 'string', 'the token endpoint error is not an RFC 6749 JSON error', r);
    const jwks = str(m, 'jwks_uri');
    if (jwks) {
      const j = await ctx.http.send('GET', jwks, { headers: { accept: 'application/json' } });
      expect(j.status === 200 && Array.isArray(field(j.json, 'keys')), `jwks_uri answered ${j.status} without a key set`, j);
      expect(!(field(j.json, 'keys') as unknown[]).some((k) => field(k, 'd') !== undefined), 'the published JWKS contains a private key member "d"', j);
    }
    return `issuer ${ctx.d.issuer}, PKCE ["S256"], iss parameter, grants ${grants.join(', ')} understood by /token`;
  },
};
