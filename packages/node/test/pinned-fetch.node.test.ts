import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { guardedFetch, MetadataError, readJsonBody } from '@mcp-oauth/metadata';
import { createClientUrlGuard, createPinnedFetch, NodeError } from '@mcp-oauth/node';
import { createAuthorizationServer } from '@mcp-oauth/server-flow';
import { generateSigningKey, signJwt } from '@mcp-oauth/jwt-lite';

// A self-signed certificate for `pinned.test` (test fixture, valid until 2126).
const CERT = `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUX1gGBvka6RJoCverGBsK66wit0cwCgYIKoZIzj0EAwIw
FjEUMBIGA1UEAwwLcGlubmVkLnRlc3QwIBcNMjYxMTI0MDg0MjQ0WhgPMjEyNjEw
MzEwODQyNDRaMBYxFDASBgNVBAMMC3Bpbm5lZC50ZXN0MFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAEt2I+lAB/pqtOvl2IH/h4+SCi5KKKmeSFtqeux353kGAF22TC
K75NDuhEyyX5mjRLyNE++FWtji4dsPssCPneuaNrMGkwHQYDVR0OBBYEFJX+5ELd
LpDK9LZ776MmigdxV+kNMB8GA1UdIwQYMBaAFJX+5ELdLpDK9LZ776MmigdxV+kN
MA8GA1UdEwEB/wQFMAMBAf8wFgYDVR0RBA8wDYILcGlubmVkLnRlc3QwCgYIKoZI
zj0EAwIDSAAwRQIgZqXrldMLJRV3rvGwEroc3GmsJa5gSinsvMc93WQMcx4CIQCI
1lXknXIzZgtDqF3f2uiqGMyPt5nge8d4D6tCeq56nw==
-----END CERTIFICATE-----`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvPArkT4EMw31TMuc
OnJk56BP+YbnI3bfaPJhuJ8q7mShRANCAAS3Yj6UAH+mq06+XYgf+Hj5IKLkooqZ
5IW2p67HfneQYAXbZMIrvk0O6ETLJfmaNEvI0T74Va2OLh2w+ywI+d65
-----END PRIVATE KEY-----`;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end('ok');
let connections = 0;
let port = 0;
let server: Server;
let tls: TlsServer;
let tlsPort = 0;
let sniNames: string[] = [];
let silent: TcpServer;
let silentPort = 0;
const sockets = new Set<Socket>();

const listen = (s: Server | TlsServer | TcpServer): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  server.on('connection', (s: Socket) => { connections++; sockets.add(s); s.once('close', () => sockets.delete(s)); });
  port = await listen(server);
  tls = createTlsServer({ cert: CERT, key: KEY, SNICallback: (name, cb) => { sniNames.push(name); cb(null); } }, (req, res) => handler(req, res));
  tls.on('connection', () => { connections++; });
  tlsPort = await listen(tls);
  silent = createTcpServer((s) => { sockets.add(s); s.once('close', () => sockets.delete(s)); }); // accepts, never answers
  silentPort = await listen(silent);
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  tls.closeAllConnections();
  await Promise.all([server, tls, silent].map((s) => new Promise((r) => s.close(r))));
});

/** A resolver that answers from a script, one entry per call, and counts its calls. */
function scripted(...answers: string[][]): { resolve: (h: string) => Promise<string[]>; calls: string[] } {
  const calls: string[] = [];
  return { calls, resolve: async (h) => { calls.push(h); return answers[Math.min(calls.length, answers.length) - 1] ?? []; } };
}
const local = (path = '/'): string => `http://pinned.test:${port}${path}`;
const secure = (path = '/'): string => `https://pinned.test:${tlsPort}${path}`;
const rejection = (p: Promise<unknown>): Promise<unknown> => p.then(() => { throw new Error('resolved'); }, (e: unknown) => e);
const codeOf = (e: unknown): string | undefined => (e instanceof NodeError ? e.code : undefined);

describe('createPinnedFetch: address policy', () => {
  it('A32: DNS answer public-then-private → blocked (pinned lookup), no connection to the private address', async () => {
    const { resolve, calls } = scripted(['93.184.215.14'], ['127.0.0.1']);
    const before = connections;
    // guardedFetch checks the first answer (public); the pinned fetch resolves again, sees 127.0.0.1 and never dials it.
    const pinned = createPinnedFetch({ resolve, ca: CERT });
    let inner: unknown;
    const spy = (input: string | URL | Request, init?: RequestInit): Promise<Response> => pinned(input, init).catch((e: unknown) => { inner = e; throw e; });
    const e = await rejection(guardedFetch(secure(), { resolve, fetch: spy as typeof fetch }));
    expect(e).toBeInstanceOf(MetadataError);
    expect((e as MetadataError).code).toBe('NetworkError');
    expect(codeOf(inner)).toBe('BlockedAddress');
    expect(calls).toEqual(['pinned.test', 'pinned.test']);
    expect(connections).toBe(before);
  });

  it('A32: a mixed answer (public and private in one lookup) is refused whole', async () => {
    const before = connections;
    const e = await rejection(createPinnedFetch({ resolve: async () => ['93.184.215.14', '127.0.0.1'] })(local()));
    expect(codeOf(e)).toBe('BlockedAddress');
    expect((e as Error).message).not.toContain('pinned.test');
    expect(connections).toBe(before);
  });

  it.each(['127.0.0.1', '10.1.2.3', '169.254.169.254', '::ffff:10.1.2.3', '::1', '0.0.0.0', '100.64.0.1', 'fd00::1', 'fe80::1', '64:ff9b::a01:203'])(
    'A31/A46: a host resolving to %s is blocked before any connection', async (ip) => {
      const before = connections;
      expect(codeOf(await rejection(createPinnedFetch({ resolve: async () => [ip] })(local('/cimd.json'))))).toBe('BlockedAddress');
      expect(connections).toBe(before);
    });

  it.each([`http://127.0.0.1:PORT/`, `http://[::ffff:127.0.0.1]:PORT/`, `http://0x7f.1:PORT/`, `http://2130706433:PORT/`, `http://localhost:PORT/`])(
    'A31: the IP-literal or loopback URL %s is blocked (any encoding) without asking the resolver for literals', async (u) => {
      const { resolve, calls } = scripted(['127.0.0.1']);
      const before = connections;
      expect(codeOf(await rejection(createPinnedFetch({ resolve })(u.replace('PORT', String(port)))))).toBe('BlockedAddress');
      expect(calls.every((h) => h === 'localhost')).toBe(true);
      expect(connections).toBe(before);
    });

  it('C-SSRF-1: a non-IP answer is refused even with allowPrivateAddresses (the socket would resolve it again)', async () => {
    const f = createPinnedFetch({ allowPrivateAddresses: true, resolve: async () => ['evil.example'] });
    expect(codeOf(await rejection(f(local())))).toBe('BlockedAddress');
  });

  it('C-SSRF-1: an empty answer or a failing resolver rejects like fetch (TypeError), not BlockedAddress', async () => {
    const empty = await rejection(createPinnedFetch({ resolve: async () => [] })(local()));
    expect(empty).toBeInstanceOf(TypeError);
    const failing = await rejection(createPinnedFetch({ resolve: async () => { throw new Error('ENOTFOUND'); } })(local()));
    expect(failing).toBeInstanceOf(TypeError);
  });

  it('C-SSRF-1: the resolver is asked once per request and the socket dials that first checked answer (no rebinding window)', async () => {
    const { resolve, calls } = scripted(['127.0.0.1'], ['10.255.255.1']);
    let host: string | undefined;
    handler = (req, res) => { host = req.headers.host; res.end('pinned'); };
    const res = await createPinnedFetch({ allowPrivateAddresses: true, resolve })(local('/a?b=c'));
    expect(await res.text()).toBe('pinned');
    expect(calls).toEqual(['pinned.test']);
    expect(host).toBe(`pinned.test:${port}`);
    expect(res.url).toBe(local('/a?b=c'));
  });
});

describe('createPinnedFetch: requests and responses', () => {
  const f = createPinnedFetch({ allowPrivateAddresses: true, resolve: async () => ['127.0.0.1'] });

  it('C-SSRF-1: allowPrivateAddresses lets a 127.0.0.1 server through and the body streams before it ends', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    handler = (_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.write('first'); void released.then(() => res.end('second')); };
    const res = await f(local());
    expect(res.body).toBeInstanceOf(ReadableStream);
    const reader = res.body!.getReader();
    const first = await reader.read(); // arrives while the server still holds the rest
    expect(new TextDecoder().decode(first.value)).toBe('first');
    release();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(rest).toBe('second');
  });

  it('A32: a 302 is returned as is, never followed (and guardedFetch refuses it)', async () => {
    let hits = 0;
    handler = (_req, res) => { hits++; res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(); };
    const res = await f(local());
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://169.254.169.254/latest/meta-data/');
    expect(hits).toBe(1);
    const tlsFetch = createPinnedFetch({ allowPrivateAddresses: true, resolve: async () => ['127.0.0.1'], ca: CERT });
    const e = await rejection(guardedFetch(secure(), { fetch: tlsFetch, allowPrivateAddresses: true }));
    expect((e as MetadataError).code).toBe('RedirectRefused');
    expect(await rejection(f(local(), { redirect: 'error' }))).toBeInstanceOf(TypeError);
    expect(hits).toBe(3);
  });

  it('C-SSRF-1: method, headers and string / bytes / URLSearchParams / Request bodies are sent', async () => {
    const seen: { method?: string; type?: string | undefined; body: string; x?: string | string[] | undefined }[] = [];
    handler = (req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => {
        seen.push({ method: req.method!, type: req.headers['content-type'], body, x: req.headers['x-test'] });
        res.end();
      });
    };
    await f(local(), { method: 'POST', body: 'plain', headers: { 'x-test': 'one' } });
    await f(new URL(local()), { method: 'PUT', body: new TextEncoder().encode('bytes') });
    await f(local(), { method: 'POST', body: new URLSearchParams({ a: 'b c' }) });
    await f(new Request(local(), { method: 'PATCH', body: '{"x":1}', headers: { 'content-type': 'application/json' } }));
    expect(seen).toEqual([
      { method: 'POST', type: 'text/plain;charset=UTF-8', body: 'plain', x: 'one' },
      { method: 'PUT', type: undefined, body: 'bytes', x: undefined },
      { method: 'POST', type: 'application/x-www-form-urlencoded;charset=UTF-8', body: 'a=b+c', x: undefined },
      { method: 'PATCH', type: 'application/json', body: '{"x":1}', x: undefined },
    ]);
  });

  it('C-SSRF-1: a 204 and a HEAD answer have a null body; multiple set-cookie headers survive', async () => {
    handler = (req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(req.method === 'HEAD' ? 200 : 204).end();
    };
    const none = await f(local());
    expect([none.status, none.body]).toEqual([204, null]);
    expect(none.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const head = await f(local(), { method: 'HEAD' });
    expect([head.status, head.body]).toEqual([200, null]);
  });

  it('C-SSRF-1: only http: and https: URLs are fetched', async () => {
    expect(await rejection(f('file:///etc/passwd'))).toBeInstanceOf(TypeError);
    expect(await rejection(f('ftp://pinned.test/'))).toBeInstanceOf(TypeError);
  });
});

describe('createPinnedFetch: bounds, abort, timeouts, TLS', () => {
  const f = createPinnedFetch({ allowPrivateAddresses: true, resolve: async () => ['127.0.0.1'] });

  /** Serves an endless JSON-typed body, honouring back-pressure; `state` tells how far it got. */
  function endless(state: { written: number; stalled: boolean; closed: boolean }): Handler {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    return (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.once('close', () => { state.closed = true; });
      const pump = (): void => {
        while (!state.closed && state.written < 256 * 1024 * 1024) {
          state.written += chunk.length;
          if (!res.write(chunk)) { state.stalled = true; res.once('drain', () => { state.stalled = false; pump(); }); return; }
        }
        res.end();
      };
      pump();
    };
  }
  const until = async (cond: () => boolean): Promise<void> => { while (!cond()) await new Promise((r) => setTimeout(r, 10)); };

  it('C-SSRF-1: a big body is not buffered: the server stalls on back-pressure, readJsonBody stops at its cap', async () => {
    const state = { written: 0, stalled: false, closed: false };
    handler = endless(state);
    const res = await f(local());
    const reader = res.body!.getReader();
    await reader.read();
    await until(() => state.stalled); // nobody reads: the server must hit back-pressure, not stream 256 MiB into memory
    await new Promise((r) => setTimeout(r, 200)); // and stays there: nothing drains the socket beyond kernel buffers
    expect(state.stalled).toBe(true);
    expect(state.written).toBeLessThan(32 * 1024 * 1024);
    await reader.cancel();
    await until(() => state.closed);

    const capped = { written: 0, stalled: false, closed: false };
    handler = endless(capped);
    const e = await rejection(readJsonBody(await f(local()), { maxBytes: 1024 }));
    expect((e as MetadataError).code).toBe('BodyTooLarge');
    await until(() => capped.closed);
    expect(capped.written).toBeLessThan(32 * 1024 * 1024);
  });

  it('C-SSRF-1: the signal aborts a request waiting for headers, and a body being read', async () => {
    let closed = 0;
    let arrived = 0;
    handler = (req, res) => { arrived++; req.socket.once('close', () => closed++); if (req.url === '/body') res.write('part'); };
    const c1 = new AbortController();
    const pending = rejection(f(local(), { signal: c1.signal }));
    await until(() => arrived === 1); // the server holds the request without answering
    c1.abort();
    expect((await pending as Error).name).toBe('AbortError');

    const c2 = new AbortController();
    const res = await f(local('/body'), { signal: c2.signal });
    const reader = res.body!.getReader();
    await reader.read();
    c2.abort(new Error('stop'));
    expect(((await rejection(reader.read())) as Error).message).toBe('stop');
    await until(() => closed === 2);

    expect((await rejection(f(local(), { signal: AbortSignal.abort() })) as Error).name).toBe('AbortError');
  });

  it('C-SSRF-1: connectTimeout bounds a hanging resolver and a TLS handshake that never completes', async () => {
    const hang = createPinnedFetch({ connectTimeout: 100, resolve: () => new Promise(() => {}) });
    expect(await rejection(hang(local()))).toBeInstanceOf(TypeError);
    const mute = createPinnedFetch({ connectTimeout: 200, allowPrivateAddresses: true, resolve: async () => ['127.0.0.1'] });
    expect(await rejection(mute(`https://pinned.test:${silentPort}/`))).toBeInstanceOf(TypeError);
  });

  it('C-SSRF-1: TLS sends SNI and checks the certificate for the original hostname, not the pinned IP', async () => {
    const trusted = createPinnedFetch({ allowPrivateAddresses: true, resolve: async () => ['127.0.0.1'], ca: CERT });
    sniNames = [];
    handler = (_req, res) => res.end('tls ok');
    const ok = await trusted(`https://pinned.test:${tlsPort}/`);
    expect(await ok.text()).toBe('tls ok');
    expect(sniNames).toEqual(['pinned.test']);
    const wrong = await rejection(trusted(`https://other.test:${tlsPort}/`));
    expect(wrong).toBeInstanceOf(TypeError);
    expect(((wrong as Error).cause as { code?: string }).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    const untrusted = await rejection(f(`https://pinned.test:${tlsPort}/`)); // default roots: self-signed refused
    expect(untrusted).toBeInstanceOf(TypeError);
  });

  it('createPinnedFetch: caller mistakes throw TypeError / RangeError', () => {
    for (const connectTimeout of [0, -1, Number.NaN, Infinity, 2 ** 31]) expect(() => createPinnedFetch({ connectTimeout })).toThrow(RangeError);
    expect(() => createPinnedFetch({ resolve: 'dns' as never })).toThrow(TypeError);
  });
});

describe('createPinnedFetch as server-flow\'s CIMD fetch', () => {
  it('A46: a CIMD client_id whose host resolves to 127.0.0.1 is refused (invalid_client), nothing connects', async () => {
    const pinned = createPinnedFetch({ resolve: async () => ['127.0.0.1'], ca: CERT });
    let used = 0;
    const as = createAuthorizationServer({
      issuer: 'https://as.example', resources: ['https://mcp.example/mcp'], scopes: ['mcp:tools'], autoApprove: { subject: 'u' },
      clientUrlGuard: { fetch: (i, init) => { used++; return pinned(i, init); }, pinned: true },
    });
    const before = connections;
    const q = new URLSearchParams({
      response_type: 'code', client_id: `https://pinned.test:${tlsPort}/client.json`, redirect_uri: 'https://app.example/cb',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', resource: 'https://mcp.example/mcp',
    });
    const res = await as.handle(new Request(`https://as.example/authorize?${q}`));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(used).toBe(1);
    expect(connections).toBe(before);
  });
});

describe('createClientUrlGuard: server-flow\'s clientUrlGuard on Node', () => {
  const AS = 'https://as.example';
  async function keyClient(guard: ReturnType<typeof createClientUrlGuard>) {
    const as = createAuthorizationServer({ issuer: AS, resources: ['https://mcp.example/mcp'], scopes: ['mcp:tools'], autoApprove: { subject: 'u' }, clientUrlGuard: guard });
    const key = await generateSigningKey('ES256', { kid: 'k1' });
    const reg = await as.handle(new Request(`${AS}/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['https://app.example/cb'], grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'private_key_jwt', jwks_uri: secure('/jwks') }),
    }), { clientAddress: '203.0.113.5' });
    expect(reg.status).toBe(201);
    const { client_id: id } = (await reg.json()) as { client_id: string };
    const call = async (): Promise<string> => {
      const now = Math.floor(Date.now() / 1000);
      const assertion = await signJwt({ iss: id, sub: id, aud: AS, jti: crypto.randomUUID(), iat: now, exp: now + 60 }, key.privateKey);
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'bogus', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });
      const res = await as.handle(new Request(`${AS}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form }));
      return ((await res.json()) as { error: string }).error;
    };
    return { key, call };
  }

  it('A80: a jwks_uri whose name resolves to 127.0.0.1 → /token invalid_client, no connection is made', async () => {
    const { call } = await keyClient(createClientUrlGuard({ resolve: async () => ['127.0.0.1'], ca: CERT }));
    const before = connections;
    expect(await call()).toBe('invalid_client');
    expect(connections).toBe(before);
  });

  it('A-SSRF-1: the pinned guard fetches a reachable jwks_uri once (test-only allowPrivateAddresses) and the assertion authenticates', async () => {
    let jwk: unknown;
    let served = 0;
    handler = (_req, res) => { served++; res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ keys: [jwk] })); };
    try {
      const { key, call } = await keyClient(createClientUrlGuard({ resolve: async () => ['127.0.0.1'], ca: CERT, allowPrivateAddresses: true, cooldown: 60 }));
      jwk = key.publicJwk;
      expect(await call()).toBe('invalid_grant'); // authenticated; only the bogus refresh token fails
      expect(await call()).toBe('invalid_grant');
      expect(served).toBe(1);
    } finally {
      handler = (_req, res) => res.end('ok');
    }
  });

  it('A-SSRF-1: createClientUrlGuard marks its fetch pinned and passes the bounds; caller mistakes throw', () => {
    const g = createClientUrlGuard({ timeout: 2000, cooldown: 10, maxEntries: 50 });
    expect(g).toMatchObject({ pinned: true, timeout: 2000, cooldown: 10, maxEntries: 50 });
    expect(typeof g.fetch).toBe('function');
    expect(() => createClientUrlGuard({ connectTimeout: 0 })).toThrow(RangeError);
    expect(() => createClientUrlGuard({ resolve: 'dns' as never })).toThrow(TypeError);
  });
});
