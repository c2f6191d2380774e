// The official SDK's stock OAuth client needs an OAuthClientProvider (1.x and 2.x take the same
// shape): this one keeps everything in memory, and its "browser" follows the auto-approved redirect
// of the example under test. Shared by the tests that drive the SDK's own client.

export interface StockProvider {
  /** Pass as `authProvider` to the SDK's StreamableHTTPClientTransport. */
  provider: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the SDK's type, not imported here
  /** Every callback URL the authorization server redirected back to, in order. */
  callbacks: URL[];
  /** The `scope` of every authorization request, in order. */
  scopes: (string | null)[];
  /** What the SDK stored: `client`, `tokens`, `verifier`. */
  state: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The `code` of the last callback. */
  code(): string | undefined;
}

export function stockProvider(): StockProvider {
  const state: Record<string, any> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any
  const callbacks: URL[] = [];
  const scopes: (string | null)[] = [];
  const provider = {
    redirectUrl: 'http://127.0.0.1:1/callback',
    clientMetadata: { redirect_uris: ['http://127.0.0.1:1/callback'], client_name: 'SDK stock client', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' },
    clientInformation: () => state['client'],
    saveClientInformation: (c: unknown) => { state['client'] = c; },
    tokens: () => state['tokens'],
    saveTokens: (t: unknown) => { state['tokens'] = t; },
    saveCodeVerifier: (v: string) => { state['verifier'] = v; },
    codeVerifier: () => state['verifier'],
    redirectToAuthorization: async (url: URL) => {
      scopes.push(url.searchParams.get('scope'));
      const res = await fetch(url, { redirect: 'manual' });
      callbacks.push(new URL(res.headers.get('location')!));
    },
  };
  return { provider, callbacks, scopes, state, code: () => callbacks.at(-1)?.searchParams.get('code') ?? undefined };
}
