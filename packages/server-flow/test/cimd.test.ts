import { describe, expect, it } from 'vitest';
import { ISSUER, authorizeUrl, cookiesRoundTrip, pkcePair, post, setup, token } from './helpers';

const CID = 'https://app.example.org/oauth/client.json';
const publicDns = async (): Promise<string[]> => ['93.184.215.14'];

function docFetch(doc: Record<string, unknown>, calls: string[]): typeof fetch {
  return async (input) => {
    calls.push(String(input instanceof Request ? input.url : input));
    return new Response(JSON.stringify(doc), { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'max-age=600' } });
  };
}

describe('Client ID Metadata Documents', () => {
  it('A-CIMD-1: a URL client id is fetched (once, cached), its redirect URIs are enforced, and the flow completes', async () => {
    const calls: string[] = [];
    const doc = { client_id: CID, client_name: 'Doc App', redirect_uris: ['https://app.example.org/cb'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] };
    const { as } = setup({ clientUrlGuard: { fetch: docFetch(doc, calls), resolve: publicDns } });
    const { verifier, challenge } = await pkcePair();
    const bad = await as.handle(new Request(authorizeUrl(CID, { code_challenge: challenge, redirect_uri: 'https://evil.example/cb' })));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('location')).toBeNull();
    const ok = await as.handle(new Request(authorizeUrl(CID, { code_challenge: challenge, redirect_uri: 'https://app.example.org/cb' })));
    const code = new URL(ok.headers.get('location')!).searchParams.get('code')!;
    const t = await token(as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: CID, redirect_uri: 'https://app.example.org/cb' });
    expect(t.status).toBe(200);
    expect(calls).toEqual([CID]);
  });

  it('A-CIMD-1: a document whose client_id differs from the URL, or a malformed URL, is refused with a page and no redirect', async () => {
    const calls: string[] = [];
    const { as } = setup({ clientUrlGuard: { fetch: docFetch({ client_id: 'https://app.example.org/other.json', client_name: 'X', redirect_uris: ['https://app.example.org/cb'] }, calls), resolve: publicDns } });
    const { challenge } = await pkcePair();
    const res = await as.handle(new Request(authorizeUrl(CID, { code_challenge: challenge, redirect_uri: 'https://app.example.org/cb' })));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    const before = calls.length;
    const bad = await as.handle(new Request(authorizeUrl('https://app.example.org/../c', { code_challenge: challenge, redirect_uri: 'https://app.example.org/cb' })));
    expect(bad.status).toBe(400);
    expect(calls.length).toBe(before);
  });

  it.skipIf(!cookiesRoundTrip)('A48: a CIMD client with only loopback redirect URIs gets the consent page with the host and a localhost warning, every time', async () => {
    const calls: string[] = [];
    const doc = { client_id: CID, client_name: 'Local Tool', redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'none' };
    const { as } = setup({ autoApprove: undefined, authenticate: async () => ({ subject: 'alice' }), clientUrlGuard: { fetch: docFetch(doc, calls), resolve: publicDns } });
    const { challenge } = await pkcePair();
    const open = () => as.handle(new Request(authorizeUrl(CID, { code_challenge: challenge, redirect_uri: 'http://127.0.0.1:5000/callback' })));
    const first = await open();
    const html = await first.text();
    expect(first.status).toBe(200);
    expect(html).toContain('127.0.0.1:5000');
    expect(html).toContain('localhost');
    const txn = /name="txn" value="([^"]+)"/.exec(html)![1]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect((await as.handle(post(`${ISSUER}/authorize/consent`, { txn, csrf, decision: 'approve' }, { cookie }))).status).toBe(303);
    const second = await open();
    expect(second.status).toBe(200); // no silent remembered consent for CIMD client ids
  });

  it('A-CIMD-1: with CIMD disabled a URL client id is simply unknown (no fetch)', async () => {
    const calls: string[] = [];
    const { as } = setup({ clientIdMetadataDocuments: false, clientUrlGuard: { fetch: docFetch({}, calls), resolve: publicDns } });
    const { challenge } = await pkcePair();
    const res = await as.handle(new Request(authorizeUrl(CID, { code_challenge: challenge })));
    expect(res.status).toBe(400);
    expect(calls.length).toBe(0);
  });
});
