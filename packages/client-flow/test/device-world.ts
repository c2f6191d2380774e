// An in-process world for the device grant: server-flow's AS and protected resource behind one fetch,
// and a "user" who approves or denies on the verification page (C-DEV-1).
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import type { AuthorizationServer, AuthorizationServerOptions } from '@mcp-oauth/server-flow';

export const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';
/** Whether this runtime lets a test set a Cookie header (browsers do not). */
export const cookiesRoundTrip: boolean =
  new Response(null, { headers: { 'set-cookie': 'a=1' } }).headers.has('set-cookie') && new Request('https://x.example', { headers: { cookie: 'a=1' } }).headers.has('cookie');

export interface DeviceWorld {
  as: AuthorizationServer;
  clock: { t: number };
  issuer: string;
  mcp: string;
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** Requests the world answered, as `METHOD path body`. */
  log: string[];
  /** The user opens `url` (the verification page), enters the code shown there and decides. */
  user(url: string, userCode: string, decision?: 'approve' | 'deny'): Promise<number>;
}

export function deviceWorld(issuer: string, mcp: string, extra: Partial<AuthorizationServerOptions> = {}): DeviceWorld {
  const clock = { t: 1_750_000_000_000 };
  const log: string[] = [];
  const as = createAuthorizationServer({
    issuer, resources: [mcp], scopes: ['mcp:tools'], defaultScopes: ['mcp:tools'], now: () => clock.t,
    authenticate: async () => ({ subject: 'alice' }), deviceAuthorization: true,
    clients: [{ client_id: 'cli', token_endpoint_auth_method: 'none', grant_types: [DEVICE, 'refresh_token'] }],
    ...extra,
  });
  const rs = createProtectedResource({ resource: mcp, authorizationServers: [issuer], verifier: as.verifier(), scopesSupported: ['mcp:tools'] });
  const handle = async (req: Request): Promise<Response> => {
    const md = rs.handleMetadata(req);
    if (md !== undefined) return md;
    if (new URL(req.url).href !== mcp) return as.handle(req, { clientAddress: '127.0.0.1' });
    const a = await rs.authenticate(req);
    return a.ok ? new Response(`ok:${a.principal.subject}`) : a.response;
  };
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    log.push(`${req.method} ${new URL(req.url).pathname} ${req.method === 'POST' ? await req.clone().text() : ''}`);
    return handle(req);
  };
  async function user(url: string, userCode: string, decision: 'approve' | 'deny' = 'approve'): Promise<number> {
    const form = async (res: Response): Promise<Record<string, string>> => {
      const html = await res.text();
      const out: Record<string, string> = {};
      for (const m of html.matchAll(/name="(txn|csrf)" value="([^"]+)"/g)) out[m[1]!] = m[2]!;
      return out;
    };
    const jar = (res: Response): string => (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const post = (body: Record<string, string>, cookie: string): Request => new Request(`${issuer}/device`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams(body).toString(),
    });
    const page = await as.handle(new Request(url));
    const c1 = jar(page);
    const f1 = await form(page);
    const consent = await as.handle(post({ step: 'code', csrf: f1['csrf']!, user_code: userCode }, c1), { clientAddress: '192.0.2.1' });
    if (consent.status !== 200) return consent.status;
    const c2 = jar(consent);
    const f2 = await form(consent);
    return (await as.handle(post({ step: 'decide', txn: f2['txn']!, csrf: f2['csrf']!, decision }, c2))).status;
  }
  return { as, clock, issuer, mcp, fetch, log, user };
}
