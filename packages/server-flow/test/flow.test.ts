import { describe, expect, it } from 'vitest';
import { ISSUER, RESOURCE, bearer, fullFlow, setup } from './helpers';

describe('authorization code flow end to end (in process)', () => {
  it('RFC 6749 §4.1: register → authorize → token → protected resource accepts the token', async () => {
    const { as, rs } = setup();
    const { tokens } = await fullFlow(as);
    expect(tokens.token_type).toBe('Bearer');
    expect(typeof tokens.refresh_token).toBe('string');
    expect(tokens.scope).toBe('mcp:tools');
    const auth = await rs.authenticate(bearer(tokens.access_token));
    expect(auth.ok).toBe(true);
    if (auth.ok) {
      expect(auth.principal.subject).toBe('user-1');
      expect(auth.principal.resource).toBe(RESOURCE);
      expect(auth.principal.issuer).toBe(ISSUER);
    }
  });
});
