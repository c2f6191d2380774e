// A deliberately tiny demo login (a name, no password) so the consent page can be tried in a
// browser. Replace `authenticate` with your real session check.
import type { AuthenticatedUser } from '@mcp-oauth/server-flow';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const HEADERS = { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'", 'x-frame-options': 'DENY', 'cache-control': 'no-store' };

export function demoLogin(): { authenticate: (r: Request) => Promise<AuthenticatedUser | Response>; handle: (r: Request) => Promise<Response> } {
  const sessions = new Map<string, string>();
  const session = (r: Request): string | undefined => {
    const m = /(?:^|;\s*)demo_session=([A-Za-z0-9_-]{43})/.exec(r.headers.get('cookie') ?? '');
    return m ? sessions.get(m[1]!) : undefined;
  };
  return {
    async authenticate(request) {
      const user = session(request);
      if (user) return { subject: user };
      const u = new URL(request.url);
      return Response.redirect(`${u.origin}/login?next=${encodeURIComponent(u.pathname + u.search)}`, 303);
    },
    async handle(request) {
      const u = new URL(request.url);
      const next = u.searchParams.get('next') ?? '/';
      const safeNext = next.startsWith('/') && !next.startsWith('//') ? next : '/';
      if (request.method === 'GET') {
        return new Response(`<!doctype html><title>Sign in</title><form method="post"><label>Name <input name="name" maxlength="40" required></label><button>Sign in</button></form>`, { headers: HEADERS });
      }
      const form = new URLSearchParams(await request.text());
      const name = (form.get('name') ?? '').trim().slice(0, 40);
      if (!/^[A-Za-z0-9 ._-]+$/.test(name)) return new Response(`<p>Invalid name: ${esc(name)}</p>`, { status: 400, headers: HEADERS });
      const id = crypto.getRandomValues(new Uint8Array(32));
      const sid = btoa(String.fromCharCode(...id)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      sessions.set(sid, name);
      return new Response(null, { status: 303, headers: { location: safeNext, 'set-cookie': `demo_session=${sid}; Path=/; HttpOnly; SameSite=Lax` } });
    },
  };
}
