// Demo steps 1–6: from a bare 401 to the first tokens, each checked against what really went over the wire.
import { parseBearerChallenge } from './challenge';
import { find, isMcp, isToken, rpc, type DemoContext } from './demo-context';
import { jwtClaims, redact, safeText, shortUrl, showClaims } from './format';
import { check, describe } from './steps';

const list = (v: unknown): string => (Array.isArray(v) ? v.map((x) => safeText(x, 80)).join(', ') : '(none)');

/** Steps 1–6; resolves the response of the MCP request that triggered the authorization. */
export async function authSteps(ctx: DemoContext): Promise<Response | undefined> {
  const { runner, servers, trace } = ctx;
  let challenge: ReturnType<typeof parseBearerChallenge>;

  await runner.step('Unauthenticated MCP request is refused with 401 and a Bearer challenge', async () => {
    const res = await rpc(trace.fetch, servers.mcpUrl, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'demo', version: '0' } });
    await res.body?.cancel();
    check(res.status === 401, `expected 401 without a token, got ${res.status} (R-PRM-2)`);
    challenge = parseBearerChallenge(res.headers.get('www-authenticate'));
    check(challenge?.resourceMetadata, 'the 401 has no Bearer challenge with resource_metadata (R-PRM-2)');
    return [`POST ${shortUrl(servers.mcpUrl)} → 401`, `WWW-Authenticate: Bearer resource_metadata="${safeText(challenge.resourceMetadata)}", scope="${safeText(challenge.scope ?? '')}"`];
  });

  // The client does steps 2–6 inside one request; each step below checks its part of the trace.
  const mark = trace.mark();
  let response: Response | undefined;
  let stopped: unknown;
  try {
    response = await rpc(ctx.client.fetch, servers.mcpUrl, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'mcp-oauth demo', version: '0' } });
  } catch (e) {
    stopped = e;
  }
  const log = trace.since(mark);

  await runner.step('Protected-resource metadata (RFC 9728) names the authorization server', () => {
    const x = find(log, (e) => e.url.pathname.startsWith('/.well-known/oauth-protected-resource'), 'the PRM request', stopped);
    check(x.url.href === challenge?.resourceMetadata, 'the client did not fetch the resource_metadata URL of the challenge (C-PRM-1)');
    check(x.status === 200 && x.json, `the PRM request got ${x.status}`);
    check(x.json['resource'] === servers.mcpUrl, 'the PRM resource is not the MCP server (C-PRM-3)');
    check(Array.isArray(x.json['authorization_servers']) && x.json['authorization_servers'].includes(servers.issuer), 'the PRM does not list the authorization server (C-PRM-4)');
    return [`GET ${x.url.href} → 200`, `resource=${safeText(x.json['resource'])} authorization_servers=[${list(x.json['authorization_servers'])}] scopes_supported=[${list(x.json['scopes_supported'])}]`];
  });

  await runner.step('Authorization-server metadata (RFC 8414): issuer matches, PKCE S256 supported', () => {
    const x = find(log, (e) => e.url.pathname.startsWith('/.well-known/oauth-authorization-server') || e.url.pathname.startsWith('/.well-known/openid-configuration'), 'the AS metadata request', stopped);
    check(x.status === 200 && x.json, `the AS metadata request got ${x.status}`);
    check(x.json['issuer'] === servers.issuer, 'the metadata issuer differs from the issuer in the PRM (C-ASM-3)');
    const methods = x.json['code_challenge_methods_supported'];
    check(Array.isArray(methods) && methods.includes('S256'), 'the authorization server does not advertise PKCE S256 (C-ASM-4); a client must refuse it');
    check(stopped === undefined || log.some((e) => e.url.pathname === '/register' || e.url.pathname === '/authorize'), `the client refused the metadata: ${describe(stopped)}`);
    return [`GET ${x.url.href} → 200`, `issuer=${safeText(x.json['issuer'])} code_challenge_methods=[${list(methods)}] iss_parameter=${String(x.json['authorization_response_iss_parameter_supported'])} registration=${x.json['registration_endpoint'] ? 'DCR' : 'none'}${x.json['client_id_metadata_document_supported'] ? '+CIMD' : ''}`];
  });

  await runner.step('Dynamic client registration (RFC 7591) as a public native client', () => {
    const x = find(log, (e) => e.method === 'POST' && e.url.pathname === '/register', 'the registration request', stopped);
    check(x.status === 201 && x.json && typeof x.json['client_id'] === 'string', `the registration got ${x.status}`);
    const sent = x.requestJson as Record<string, unknown> | undefined;
    check(sent?.['application_type'] === 'native', 'the client did not register as application_type=native (C-REG-3)');
    return [`POST ${shortUrl(x.url)} → 201`, `client_id=${safeText(x.json['client_id'], 60)} auth=${safeText(x.json['token_endpoint_auth_method'])} redirect_uris=[${list(x.json['redirect_uris'])}] grant_types=[${list(x.json['grant_types'])}]`];
  });

  await runner.step(`PKCE authorization request, consent ${ctx.interactive ? 'given in the browser' : 'auto-approved'}, code returned with iss`, () => {
    const a = ctx.authorizations[0];
    check(a, `no authorization request was made${stopped !== undefined ? '; the client stopped before it' : ''}`);
    const p = a.url.searchParams;
    check(p.get('response_type') === 'code' && p.get('code_challenge_method') === 'S256' && p.get('code_challenge'), 'the authorization request lacks PKCE S256 (C-AUTH-1)');
    check(p.get('state'), 'the authorization request has no state (C-AUTH-2)');
    check(p.get('resource') === servers.mcpUrl, 'the authorization request does not carry the resource (C-AUTH-4)');
    check(a.callback, `no authorization response came back${stopped !== undefined ? `: ${describe(stopped)}` : ''}`);
    const cb = new URL(a.callback).searchParams;
    check(!cb.has('error'), 'the authorization server refused the request');
    check(cb.get('code') && cb.get('state') === p.get('state'), 'the callback has no code or a different state');
    check(cb.get('iss') === servers.issuer, 'the callback does not carry iss = the issuer (RFC 9207, A-ISS-1)');
    return [
      `GET ${shortUrl(a.url)}?response_type=code&code_challenge_method=S256&scope=${safeText(p.get('scope') ?? '')}&resource=${safeText(p.get('resource'))} …`,
      `→ ${shortUrl(a.callback)}?code=${redact(cb.get('code') ?? '')}&state=(matches)&iss=${safeText(cb.get('iss'))}`,
    ];
  });

  await runner.step('Token request with the PKCE verifier: tokens bound to the MCP server', () => {
    const x = find(log, (e) => isToken(e, 'authorization_code'), 'the token request', stopped);
    check(x.form?.get('code_verifier'), 'the token request carries no code_verifier (C-AUTH-1)');
    check(x.form?.get('resource') === servers.mcpUrl, 'the token request does not carry the resource (C-AUTH-4)');
    check(x.status === 200 && x.json && typeof x.json['access_token'] === 'string', `the token request got ${x.status}`);
    const claims = jwtClaims(x.json['access_token']);
    check(claims?.['aud'] === servers.mcpUrl, 'the access token is not bound to the MCP server (A-AUD-1)');
    check(stopped === undefined, `the client stopped after the token: ${describe(stopped)}`);
    const retried = log.filter(isMcp).at(-1);
    check(retried?.requestHeaders.get('authorization')?.startsWith('Bearer '), 'the client did not retry with Authorization: Bearer (C-TOK-1)');
    return [
      `POST ${shortUrl(x.url)} grant_type=authorization_code code_verifier=(sent) → 200`,
      `access_token=${redact(x.json['access_token'])} refresh_token=${redact(x.json['refresh_token'] as string | undefined)} expires_in=${String(x.json['expires_in'])}`,
      `claims: ${showClaims(claims)}`,
    ];
  });
  return response;
}
