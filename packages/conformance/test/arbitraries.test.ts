// The arbitraries say what they claim: checked against this repository's own validators.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adversarialWwwAuthenticate, brokenAuthorizationServerMetadata, accessTokenClaims, authorizationServerMetadata, dangerousRedirectUri, mutatedJwt,
  protectedResourceMetadata, mismatchedProtectedResourceMetadata, redirectUriPair, redirectUriVariant, redirectUriVariants, scopeSets, wwwAuthenticateChallenge,
  codeVerifier, brokenPkceParameters, internalUrl, badClientIdMetadataUrl,
} from '@mcp-oauth/conformance/arbitraries';
import { redirectUriMatches, validateClientMetadata } from '@mcp-oauth/dcr';
import { generateSigningKey, importJwk, signAccessToken, verifyAccessToken } from '@mcp-oauth/jwt-lite';
import { MetadataError, parseWwwAuthenticate, processAuthorizationServerMetadata, processProtectedResourceMetadata } from '@mcp-oauth/metadata';
import { scopeCovers } from '@mcp-oauth/server-flow';

const json = (v: unknown): Response => new Response(JSON.stringify(v), { status: 200, headers: { 'content-type': 'application/json' } });

describe('arbitraries', () => {
  it('A-RED-1, A15, A16: every redirect URI variant is refused by an exact matcher; loopback port variants are accepted', () => {
    for (const registered of ['https://client.example.com/cb', 'http://127.0.0.1/callback', 'http://[::1]/cb']) {
      expect(redirectUriVariants(registered).length).toBeGreaterThan(20);
      fc.assert(fc.property(redirectUriVariant(registered), (p) => p.presented !== registered && !redirectUriMatches(registered, p.presented)));
      fc.assert(fc.property(redirectUriPair(registered), (p) => redirectUriMatches(registered, p.presented)));
    }
  });

  it('A17, A18: dangerous redirect URIs are refused by DCR validation', async () => {
    await fc.assert(fc.asyncProperty(dangerousRedirectUri(), async (uri) => {
      await expect((async () => validateClientMetadata({ redirect_uris: [uri], token_endpoint_auth_method: 'none' }, {}))()).rejects.toThrow();
    }));
  });

  it('A-PKCE-1, A2, A3: broken PKCE parameters are never a valid S256 pair; verifiers are 43–128 unreserved characters', () => {
    fc.assert(fc.property(brokenPkceParameters(), ({ params }) => !(params['code_challenge_method'] === 'S256' && /^[A-Za-z0-9_-]{43}$/.test(params['code_challenge'] ?? ''))));
    fc.assert(fc.property(codeVerifier(), (v) => /^[A-Za-z0-9\-._~]{43,128}$/.test(v)));
  });

  it('A66, A59, A60, A62, A71: every mutation of a signed access token is rejected by an RFC 9068 verifier', async () => {
    const key = await generateSigningKey('ES256', { kid: 'k1' });
    const now = Math.floor(Date.now() / 1000);
    const claims = fc.sample(accessTokenClaims({ issuer: 'https://as.example.com', resource: 'https://mcp.example.com/mcp', now }), { numRuns: 1, seed: 3 })[0]!;
    const token = await signAccessToken(claims as Parameters<typeof signAccessToken>[0], key.privateKey);
    const publicKey = await importJwk(key.publicJwk, 'ES256');
    const verify = (t: string): Promise<unknown> => verifyAccessToken(t, publicKey, { issuer: 'https://as.example.com', audience: 'https://mcp.example.com/mcp', algorithms: ['ES256'], strictAudience: true });
    await expect(verify(token)).resolves.toBeDefined();
    await fc.assert(fc.asyncProperty(mutatedJwt(token), async (m) => { await expect(verify(m.token), m.mutation).rejects.toThrow(); }), { numRuns: 60 });
  });

  it('A26, A28, A-MD-1: valid AS metadata is accepted; each broken variant is refused for its expected issuer', async () => {
    await fc.assert(fc.asyncProperty(authorizationServerMetadata(), async (m) => { await expect(processAuthorizationServerMetadata(json(m), m['issuer'] as string)).resolves.toBeDefined(); }), { numRuns: 30 });
    await fc.assert(fc.asyncProperty(brokenAuthorizationServerMetadata().filter((b) => b.flaw === 'issuer-mismatch' || b.flaw === 'not-an-object'), async (b) => {
      await expect(processAuthorizationServerMetadata(json(b.document), b.expectedIssuer)).rejects.toBeInstanceOf(MetadataError);
    }), { numRuns: 30 });
  });

  it('A27, R-PRM-1: PRM for the accessed resource is accepted; a mismatched resource is refused', async () => {
    const accessed = 'https://mcp.example.com/mcp';
    await fc.assert(fc.asyncProperty(protectedResourceMetadata(accessed), async (d) => { await expect(processProtectedResourceMetadata(json(d), accessed)).resolves.toBeDefined(); }), { numRuns: 20 });
    await fc.assert(fc.asyncProperty(mismatchedProtectedResourceMetadata(accessed), async (d) => { await expect(processProtectedResourceMetadata(json(d), accessed)).rejects.toBeInstanceOf(MetadataError); }), { numRuns: 20 });
  });

  it('R-PRM-2, A35, A77: generated challenges round-trip through the parser; adversarial ones give a value or a MetadataError', () => {
    fc.assert(fc.property(wwwAuthenticateChallenge(), ({ header, params }) => {
      const bearer = parseWwwAuthenticate(header).find((c) => c.scheme.toLowerCase() === 'bearer');
      expect(bearer?.params).toEqual(params);
    }));
    fc.assert(fc.property(adversarialWwwAuthenticate(), (h) => {
      try { expect(Array.isArray(parseWwwAuthenticate(h))).toBe(true); } catch (e) { expect(e).toBeInstanceOf(MetadataError); }
    }), { numRuns: 40 });
  });

  it('R-TOK-4: scopeSets.covered agrees with server-flow scope hierarchy', () => {
    fc.assert(fc.property(scopeSets(), ({ granted, required, covered }) => covered === required.every((r) => granted.some((g) => scopeCovers(g, r)))));
  });

  it('A-SSRF-1, A42: internal URLs and bad CIMD URLs are what they claim', () => {
    fc.assert(fc.property(internalUrl(), (u) => u.startsWith('https://')));
    fc.assert(fc.property(badClientIdMetadataUrl(), (u) => !/^https:\/\/[a-z0-9.-]+\/[a-z0-9/_.-]*[a-z0-9]$/i.test(u) || /\/\.\.?\//.test(u)));
  });
});
