import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createProtectedResource } from '@mcp-oauth/server-flow';
import { ISSUER, RESOURCE, fullFlow, setup } from './helpers';

describe('rs.authenticateHeaders (the header-level bearer check)', () => {
  it('R-TOK-5: answers exactly as rs.authenticate (status, WWW-Authenticate, body) for any header and query', async () => {
    const { as } = setup();
    const { tokens } = await fullFlow(as);
    const rs = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: as.verifier(), requiredScopes: ['mcp:tools'] });
    const header = fc.oneof(
      fc.constant(undefined), fc.constant(`Bearer ${tokens.access_token}`), fc.constant(`bearer ${tokens.access_token}`),
      fc.constant(`Bearer ${tokens.access_token}x`), fc.constant('Bearer'), fc.constant('Bearer a b'), fc.constant('Basic dTpw'),
      fc.constant(`Bearer ${'a'.repeat(9000)}`), fc.string({ maxLength: 40 }).filter((s) => /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(s)),
    );
    const query = fc.constantFrom('', '?x=1', '?access_token=t', '?a=1&access_token=', '?x=access_token', '#access_token=t');
    await fc.assert(fc.asyncProperty(header, query, async (authorization, q) => {
      const request = new Request(`${RESOURCE}${q}`, authorization === undefined ? {} : { headers: { authorization } });
      const viaRequest = await rs.authenticate(request);
      const viaHeaders = await rs.authenticateHeaders({ authorization: request.headers.get('authorization'), target: `/mcp${q}` });
      expect(viaHeaders.ok).toBe(viaRequest.ok);
      if (viaRequest.ok || viaHeaders.ok) return;
      expect(viaHeaders.status).toBe(viaRequest.response.status);
      expect(viaHeaders.headers['www-authenticate']).toBe(viaRequest.response.headers.get('www-authenticate') ?? undefined);
      expect(viaHeaders.body ?? '').toBe(await viaRequest.response.text());
    }), { numRuns: 150 });
  });

  it('R-TOK-5: a token in a form body as well as the header is 400 invalid_request', async () => {
    const { as } = setup();
    const { tokens } = await fullFlow(as);
    const rs = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: as.verifier() });
    const r = await rs.authenticateHeaders({ authorization: `Bearer ${tokens.access_token}`, target: '/mcp', formBody: 'a=1&access_token=x' });
    expect(r.ok ? 0 : r.status).toBe(400);
    const big = await rs.authenticateHeaders({ authorization: `Bearer ${tokens.access_token}`, target: '/mcp', formBody: 'a='.padEnd(70_000, 'b') });
    expect(big.ok ? 0 : big.status).toBe(400);
    const fine = await rs.authenticateHeaders({ authorization: `Bearer ${tokens.access_token}`, target: '/mcp', formBody: 'a=1' });
    expect(fine.ok).toBe(true);
    const form = (body: string) => new Request(RESOURCE, { method: 'POST', headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/x-www-form-urlencoded' }, body });
    const viaRequest = await rs.authenticate(form('a='.padEnd(70_000, 'b')));
    expect(viaRequest.ok ? 0 : viaRequest.response.status).toBe(400);
    expect((await rs.authenticate(form('a=1&access_token=x'))).ok).toBe(false);
    const ok = form('a=1');
    expect((await rs.authenticate(ok)).ok).toBe(true);
    expect(await ok.text()).toBe('a=1'); // the handler can still read the body
  });
});
