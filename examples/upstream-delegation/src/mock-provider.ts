// A MOCK third-party OAuth provider ("Notes Cloud") on 127.0.0.1, standing in for GitHub, Google or
// any upstream the MCP server delegates sign-in to. It is deliberately small but strict where it
// matters to the example: exact redirect URI, PKCE S256, client secret (HTTP Basic), single-use
// codes, bearer tokens on its API, and revocation (the user disconnecting the app).
const enc = new TextEncoder();

function random(): string {
  const b = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function s256(verifier: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(verifier)));
  return btoa(String.fromCharCode(...d)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } });

export interface MockProviderOptions {
  /** The one client registered here: the MCP server. */
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** The user who "signs in" (a real provider shows its login page). */
  user: { id: string; name: string };
}

export interface MockProvider {
  handle(request: Request): Promise<Response>;
  /** Every access token this provider issued (the test checks none reaches the MCP client). */
  readonly issued: string[];
  /** Every `Authorization` header its API received (the test checks no MCP token is among them). */
  readonly apiAuthorizations: string[];
  /** The user disconnects the app at the provider: every token issued to it stops working. */
  revokeAll(): void;
}

export function createMockProvider(options: MockProviderOptions): MockProvider {
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const tokens = new Map<string, string>(); // access token -> user id
  const issued: string[] = [];
  const apiAuthorizations: string[] = [];
  const form = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+'); // RFC 6749 §2.3.1
  const basic = `Basic ${btoa(`${form(options.clientId)}:${form(options.clientSecret)}`)}`;
  const notes: Record<string, string[]> = { [options.user.id]: ['Buy milk', 'Ship the MCP server'] };

  async function authorize(url: URL): Promise<Response> {
    const q = url.searchParams;
    if (q.get('client_id') !== options.clientId || q.get('redirect_uri') !== options.redirectUri) return new Response('unknown client or redirect URI', { status: 400 });
    const back = new URL(options.redirectUri);
    back.searchParams.set('state', q.get('state') ?? '');
    const challenge = q.get('code_challenge');
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || challenge === null) {
      back.searchParams.set('error', 'invalid_request');
    } else {
      const code = random();
      codes.set(code, { challenge, redirectUri: options.redirectUri });
      back.searchParams.set('code', code);
    }
    return new Response(null, { status: 302, headers: { location: back.href } });
  }

  async function token(request: Request): Promise<Response> {
    if (request.headers.get('authorization') !== basic) return json({ error: 'invalid_client' }, 401, { 'www-authenticate': 'Basic' });
    const body = new URLSearchParams(await request.text());
    const code = body.get('code') ?? '';
    const rec = codes.get(code);
    codes.delete(code); // single use
    if (body.get('grant_type') !== 'authorization_code' || rec === undefined || body.get('redirect_uri') !== rec.redirectUri) return json({ error: 'invalid_grant' }, 400);
    if ((await s256(body.get('code_verifier') ?? '')) !== rec.challenge) return json({ error: 'invalid_grant' }, 400);
    const access = `nc_${random()}`;
    tokens.set(access, options.user.id);
    issued.push(access);
    return json({ access_token: access, token_type: 'Bearer', expires_in: 3600, scope: 'notes:read profile' });
  }

  function api(request: Request, path: string): Response {
    const header = request.headers.get('authorization') ?? '';
    apiAuthorizations.push(header);
    const user = header.startsWith('Bearer ') ? tokens.get(header.slice(7)) : undefined;
    if (user === undefined) return json({ error: 'invalid_token' }, 401, { 'www-authenticate': 'Bearer error="invalid_token"' });
    if (path === '/api/me') return json({ id: user, name: options.user.name });
    return json({ notes: notes[user] ?? [] });
  }

  return {
    issued,
    apiAuthorizations,
    revokeAll: () => tokens.clear(),
    async handle(request) {
      const url = new URL(request.url);
      if (url.pathname === '/authorize' && request.method === 'GET') return authorize(url);
      if (url.pathname === '/token' && request.method === 'POST') return token(request);
      if ((url.pathname === '/api/me' || url.pathname === '/api/notes') && request.method === 'GET') return api(request, url.pathname);
      return json({ error: 'not_found' }, 404);
    },
  };
}
