// Demo steps 7–13: use the token, step up, refresh, replay detection, revocation.
import { refreshTokens, revokeToken, ClientFlowError } from '@mcp-oauth/client-flow';
import { parseBearerChallenge } from './challenge';
import { find, isMcp, isToken, record, rpc, rpcResult, toolText, type DemoContext } from './demo-context';
import { jwtClaims, redact, safeText, shortUrl } from './format';
import { READ_SCOPE, WRITE_SCOPE } from './mcp-server';
import { check } from './steps';

async function refused(p: Promise<unknown>): Promise<string | undefined> {
  try { await p; return undefined; } catch (e) {
    return e instanceof ClientFlowError && e.code === 'TokenRequestFailed' ? (e.oauthError ?? 'error') : undefined;
  }
}

export async function useSteps(ctx: DemoContext, first: Response | undefined): Promise<void> {
  const { runner, servers, trace, client } = ctx;
  const url = servers.mcpUrl;

  await runner.step('MCP calls with the token: initialize, tools/list, tools/call whoami', async () => {
    check(first, 'no response to initialize');
    const init = await rpcResult(first, 'initialize');
    const tools = await rpcResult(await rpc(client.fetch, url, 'tools/list'), 'tools/list');
    const names = Array.isArray(tools['tools']) ? tools['tools'].map((t: { name?: unknown }) => String(t.name)) : [];
    const who = toolText(await rpcResult(await rpc(client.fetch, url, 'tools/call', { name: 'whoami', arguments: {} }), 'tools/call whoami'));
    check(who.includes(READ_SCOPE) && !who.includes(WRITE_SCOPE), 'whoami did not report exactly the read scope');
    const server = (init['serverInfo'] as { name?: unknown } | undefined)?.name;
    return [`initialize → 200 (server ${safeText(server)})`, `tools/list → [${names.join(', ')}]`, `tools/call whoami → "${safeText(who)}"`];
  });

  await runner.step('403 insufficient_scope, step-up authorization to a wider scope, retried call succeeds', async () => {
    const mark = trace.mark();
    const res = await rpc(client.fetch, url, 'tools/call', { name: 'add_note', arguments: { text: 'hello from the demo' } });
    const text = toolText(await rpcResult(res, 'tools/call add_note after step-up'));
    const log = trace.since(mark);
    const denied = find(log, (x) => isMcp(x) && x.status === 403, 'the 403 insufficient_scope');
    const ch = parseBearerChallenge(denied.headers.get('www-authenticate'));
    check(ch?.error === 'insufficient_scope' && ch.scope?.split(' ').includes(WRITE_SCOPE), 'the 403 does not name the missing scope (R-TOK-4)');
    const token = find(log, (x) => isToken(x, 'authorization_code') && x.status === 200, 'the step-up token request');
    const scope = jwtClaims(String(token.json?.['access_token']))?.['scope'];
    check(typeof scope === 'string' && scope.split(' ').includes(WRITE_SCOPE) && scope.split(' ').includes(READ_SCOPE), 'the new token does not carry the union of scopes (C-TOK-3)');
    return [
      `tools/call add_note → 403 WWW-Authenticate: Bearer error="insufficient_scope", scope="${safeText(ch.scope)}"`,
      `re-authorized with scope="${safeText(scope)}" → new access token ${redact(String(token.json?.['access_token']))}`,
      `tools/call add_note (retried) → 200 "${safeText(text)}"`,
    ];
  });

  let rotated = '';
  await runner.step('Refresh before expiry: refresh token rotated, new access token works', async () => {
    const before = await record(ctx);
    rotated = before.tokens?.refresh_token ?? '';
    check(rotated, 'no refresh token was issued');
    ctx.setClientSkew(((before.tokens?.expires_at ?? 0) * 1000) - Date.now()); // the client now sees it expiring
    const mark = trace.mark();
    const who = toolText(await rpcResult(await rpc(client.fetch, url, 'tools/call', { name: 'whoami', arguments: {} }), 'tools/call whoami after refresh'));
    ctx.setClientSkew(0);
    const x = find(trace.since(mark), (e) => isToken(e, 'refresh_token'), 'the refresh request');
    check(x.status === 200, `the refresh request got ${x.status}`);
    const after = await record(ctx);
    check(after.tokens?.refresh_token && after.tokens.refresh_token !== rotated, 'the refresh token was not rotated (A-RT-1)');
    check(after.tokens.access_token !== before.tokens?.access_token, 'no new access token');
    return [`POST ${shortUrl(x.url)} grant_type=refresh_token → 200`, `access_token=${redact(after.tokens.access_token)} refresh_token=${redact(after.tokens.refresh_token)} (rotated)`, `tools/call whoami → 200 "${safeText(who)}"`];
  });

  await runner.step('Replaying the rotated refresh token is refused and ends the whole grant (reuse detection)', async () => {
    const r = await record(ctx);
    servers.advanceClock(5000); // past the AS's 2 s grace for concurrent refreshes
    const as = await servers.as.metadata();
    const mark = trace.mark();
    const error = await refused(refreshTokens(as, { fetch: trace.fetch, client: r.client!, refreshToken: rotated, resource: url }));
    check(error === 'invalid_grant', 'the rotated refresh token was accepted again (A-RT-1)');
    const replay = find(trace.since(mark), (x) => isToken(x, 'refresh_token'), 'the replayed refresh request');
    const res = await rpc(trace.fetch, url, 'tools/list', {}, r.tokens!.access_token);
    await res.body?.cancel();
    check(res.status === 401, `the current access token still works after reuse detection (got ${res.status})`);
    return [`POST /token grant_type=refresh_token (old token) → ${replay.status} invalid_grant`, `current access token → 401 ${safeText(parseBearerChallenge(res.headers.get('www-authenticate'))?.error ?? '')} (grant revoked)`];
  });

  await runner.step('The client recovers: 401 invalid_token, refresh refused, authorizes again', async () => {
    const mark = trace.mark();
    const who = toolText(await rpcResult(await rpc(client.fetch, url, 'tools/call', { name: 'whoami', arguments: {} }), 'tools/call whoami after re-authorization'));
    const log = trace.since(mark);
    find(log, (x) => isMcp(x) && x.status === 401, 'the 401 invalid_token');
    const retry = find(log, (x) => isToken(x, 'refresh_token'), 'the refresh attempt');
    check(retry.status !== 200, 'the refresh token of a revoked grant was accepted');
    find(log, (x) => isToken(x, 'authorization_code') && x.status === 200, 'the new authorization');
    return [`tools/call whoami → 401 invalid_token → refresh → ${retry.status} → authorize → token → 200 "${safeText(who)}"`];
  });

  await runner.step('Revocation (RFC 7009) of the access and refresh tokens, then 401 again', async () => {
    const r = await record(ctx);
    const as = await servers.as.metadata();
    const common = { fetch: trace.fetch, client: r.client! };
    check(await revokeToken(as, { ...common, token: r.tokens!.access_token, tokenTypeHint: 'access_token' }), 'no revocation endpoint');
    check(await revokeToken(as, { ...common, token: r.tokens!.refresh_token!, tokenTypeHint: 'refresh_token' }), 'no revocation endpoint');
    const res = await rpc(trace.fetch, url, 'tools/list', {}, r.tokens!.access_token);
    await res.body?.cancel();
    const ch = parseBearerChallenge(res.headers.get('www-authenticate'));
    check(res.status === 401 && ch?.error === 'invalid_token', `the revoked access token got ${res.status} instead of 401 invalid_token`);
    const error = await refused(refreshTokens(as, { ...common, refreshToken: r.tokens!.refresh_token!, resource: url }));
    check(error === 'invalid_grant', 'the revoked refresh token still works');
    await client.logout();
    return ['POST /revoke (access_token) → 200, POST /revoke (refresh_token) → 200',
      `revoked access token → 401 WWW-Authenticate: Bearer error="invalid_token", resource_metadata="${safeText(ch.resourceMetadata ?? '')}"`,
      'revoked refresh token → 400 invalid_grant'];
  });
}
