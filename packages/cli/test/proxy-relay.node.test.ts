// `proxy()` in-process against a scripted remote (a fetch function): hostile answers stay bounded
// and every request gets an answer; the host side (stdin lines) is bounded; --header mode; the
// 2025-11-25 resumption; the request metadata headers and x-mcp-header rules (unit level).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { proxy, runCli, type ProxyOptions } from '@mcp-oauth/cli';
import { encodeHeaderValue, filterTools, paramHeaders, requestHeaders } from '../src/internal/proxy-headers';
import { headerPairs } from '../src/internal/args';

type Json = Record<string, any>;
const URL_ = 'http://127.0.0.1:9/mcp';
const enc = new TextEncoder();
const sse = (body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}): Response =>
  new Response(body, { headers: { 'content-type': 'text/event-stream', ...headers } });
const event = (m: unknown, id?: string): string => `${id !== undefined ? `id: ${id}\n` : ''}data: ${JSON.stringify(m)}\n\n`;
const result = (id: unknown, r: unknown = {}): Json => ({ jsonrpc: '2.0', id, result: r });
const call = (id: number, method = 'tools/list', params: Json = {}): Json => ({ jsonrpc: '2.0', id, method, params });

interface Harness {
  send(m: unknown): void;
  line(text: string): void;
  readonly out: Json[];
  readonly raw: string[];
  readonly err: string[];
  answer(id: unknown): Promise<Json>;
  end(): Promise<{ exitCode: number; reason: string }>;
  readonly done: ReturnType<typeof proxy>;
}

function start(fetchFn: (req: Request) => Response | Promise<Response>, options: Partial<ProxyOptions> = {}): Harness {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const out: Json[] = [];
  const raw: string[] = [];
  const err: string[] = [];
  let buf = '';
  stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const l = buf.slice(0, i);
      buf = buf.slice(i + 1);
      raw.push(l);
      try { out.push(JSON.parse(l) as Json); } catch { /* asserted through raw */ }
    }
  });
  const done = proxy(URL_, {
    stdin, stdout, print: (l) => err.push(l), headers: [['x-api-key', 'k-123']],
    fetch: async (input, init) => fetchFn(new Request(input, init)), ...options,
  });
  return {
    out, raw, err, done,
    send: (m) => { stdin.write(`${JSON.stringify(m)}\n`); },
    line: (t) => { stdin.write(`${t}\n`); },
    answer: async (id) => {
      await expect.poll(() => out.some((m) => m['id'] === id && ('result' in m || 'error' in m)), { timeout: 15_000 }).toBe(true);
      return out.find((m) => m['id'] === id && ('result' in m || 'error' in m))!;
    },
    end: async () => { stdin.end(); return done; },
  };
}

/** A stream that produces `chunk` until `limit` bytes, counting what was pulled. */
function endless(head: string, chunk: Uint8Array, limit: number, counter: { pulled: number; cancelled: boolean }): ReadableStream<Uint8Array> {
  let sentHead = false;
  return new ReadableStream({
    pull(c) {
      if (!sentHead) { sentHead = true; c.enqueue(enc.encode(head)); return; }
      if (counter.pulled >= limit) { c.close(); return; }
      counter.pulled += chunk.byteLength;
      c.enqueue(chunk);
    },
    cancel() { counter.cancelled = true; },
  }, { highWaterMark: 0 });
}

describe('mcp-oauth proxy against a hostile remote', () => {
  it('bounded: a 50 MB SSE event is cut at 16 MiB: the host gets a JSON-RPC error with the request id, reading stops', async () => {
    const counter = { pulled: 0, cancelled: false };
    const h = start(() => sse(endless('data: "', new Uint8Array(65_536).fill(120), 50 * 1024 * 1024, counter)));
    h.send(call(1));
    const a = await h.answer(1);
    expect(a['error']).toMatchObject({ code: -32603, data: { reason: 'too-large' } });
    expect(counter.pulled).toBeLessThan(17 * 1024 * 1024);
    expect(counter.cancelled).toBe(true);
    expect((await h.end()).exitCode).toBe(0);
  });

  it('bounded: a JSON body larger than maxMessageBytes is a JSON-RPC error too', async () => {
    const counter = { pulled: 0, cancelled: false };
    const h = start(() => new Response(endless('{"jsonrpc":"2.0","id":1,"result":{"x":"', new Uint8Array(65_536).fill(120), 20 * 1024 * 1024, counter), { headers: { 'content-type': 'application/json' } }), { maxMessageBytes: 1024 * 1024 });
    h.send(call(1));
    expect((await h.answer(1))['error']).toMatchObject({ data: { reason: 'too-large' } });
    expect(counter.pulled).toBeLessThan(2 * 1024 * 1024);
    await h.end();
  });

  it('bounded: an answer that never ends (no bytes) is ended by the idle bound: a JSON-RPC error, not a hang', async () => {
    const h = start(() => sse(new ReadableStream({ start() { /* silence */ } })), { idleTimeoutMs: 300 });
    h.send(call(1));
    expect((await h.answer(1))['error']).toMatchObject({ data: { reason: 'idle' } });
    // a server that never even answers with headers
    const never = start(() => new Promise<Response>(() => {}), { idleTimeoutMs: 300 });
    never.send(call(2));
    expect((await never.answer(2))['error']).toMatchObject({ data: { reason: 'idle' } });
    await h.end();
    await never.end();
  });

  it('MCP Streamable HTTP: SSE keep-alive comments count as activity (a quiet long stream is not cut); after the response the stream is no longer read', async () => {
    const counter = { cancelled: false };
    let n = 0;
    const h = start(() => sse(new ReadableStream({
      async pull(c) {
        await new Promise((r) => setTimeout(r, 50));
        n++;
        if (n < 12) c.enqueue(enc.encode(':\n\n'));
        else if (n === 12) c.enqueue(enc.encode(event(result(1, { ok: true }))));
        else c.enqueue(enc.encode(event({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'late' } })));
      },
      cancel() { counter.cancelled = true; },
    }, { highWaterMark: 0 })), { idleTimeoutMs: 400 });
    h.send(call(1));
    expect(await h.answer(1)).toEqual(result(1, { ok: true }));
    await expect.poll(() => counter.cancelled).toBe(true);
    expect(h.out.some((m) => m['method'] === 'notifications/message')).toBe(false);
    await h.end();
  });

  it('MCP Streamable HTTP: non-JSON and non-JSON-RPC SSE data is ignored (reported on stderr), the response still comes; stdout holds JSON lines only', async () => {
    const h = start(() => sse(`data: not json\n\ndata: {"foo":1}\n\n: comment\n\n${event({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } })}${event(result(1, { tools: [] }))}`));
    h.send(call(1));
    expect(await h.answer(1)).toEqual(result(1, { tools: [] }));
    expect(h.out.map((m) => m['method'] ?? 'response')).toEqual(['notifications/progress', 'response']);
    expect(h.err.join('\n')).toContain('not JSON');
    expect(h.raw.every((l) => { try { JSON.parse(l); return true; } catch { return false; } })).toBe(true);
    await h.end();
  });

  it('MCP Streamable HTTP 2026-07-28: an invalid tool is left out of tools/list and named on stderr with the server\'s text made printable (no control characters)', async () => {
    const tools = [{ name: 'ok', inputSchema: { type: 'object' } }, { name: 'evil\u001b[2J', inputSchema: { type: 'object', properties: { 'k\n\u001b[31m': { type: 'string', 'x-mcp-header': 'bad header' } } } }];
    const h = start(() => Response.json(result(1, { tools })));
    h.send(call(1, 'tools/list', { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } }));
    expect(await h.answer(1)).toEqual(result(1, { tools: [tools[0]] }));
    const line = h.err.find((l) => l.includes('out of tools/list'))!;
    expect(line).toMatch(/^[\x20-\x7e]+$/);
    expect(line).toContain('evil?[2J');
    await h.end();
  });

  it('MCP Streamable HTTP 2026-07-28: a subscriptions/listen stream stays open and relays its notifications as they come; the host\'s cancellation closes it', async () => {
    const counter = { cancelled: false };
    let push: (s: string) => void = () => {};
    let posts = 0;
    const h = start(() => posts++ === 0 ? sse(new ReadableStream({
      start(c) { push = (t) => c.enqueue(enc.encode(t)); push(event({ jsonrpc: '2.0', method: 'notifications/subscriptions/acknowledged', params: {} })); },
      cancel() { counter.cancelled = true; },
    })) : new Response(null, { status: 202 }), { idleTimeoutMs: 5_000 });
    const meta = { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } };
    h.send(call(5, 'subscriptions/listen', { ...meta, notifications: { toolsListChanged: true } }));
    await expect.poll(() => h.out.length).toBe(1);
    push(':\n\n');
    push(event({ jsonrpc: '2.0', method: 'notifications/tools/list_changed', params: {} }));
    await expect.poll(() => h.out.map((m) => m['method'])).toEqual(['notifications/subscriptions/acknowledged', 'notifications/tools/list_changed']);
    h.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { ...meta, requestId: 5 } });
    await expect.poll(() => counter.cancelled).toBe(true);
    expect(h.out).toHaveLength(2); // no error for a cancelled request
    expect(posts).toBe(1); // the cancellation was not posted
    await h.end();
  });

  it('JSON-RPC 2.0 §5: a failed POST (HTTP 500, a connection error, a body without the response) is a JSON-RPC error with the request id; the proxy goes on', async () => {
    let mode = 'ok';
    const h = start(() => {
      if (mode === 'down') throw new TypeError('fetch failed');
      if (mode === '500') return new Response('oops', { status: 500 });
      if (mode === 'empty') return Response.json({ jsonrpc: '2.0', id: 999, result: {} });
      return Response.json(result(1));
    });
    h.send(call(1));
    expect(await h.answer(1)).toEqual(result(1));
    mode = '500';
    h.send(call(2));
    expect((await h.answer(2))['error']).toMatchObject({ code: -32603, data: { reason: 'http', status: 500 } });
    mode = 'down';
    h.send(call(3));
    expect((await h.answer(3))['error']).toMatchObject({ data: { reason: 'unreachable' } });
    mode = 'empty';
    h.send(call(4));
    expect((await h.answer(4))['error']).toMatchObject({ data: { reason: 'no-response' } });
    expect(await h.end()).toEqual({ exitCode: 0, reason: 'host-closed' });
  });

  it('MCP Streamable HTTP 2026-07-28: a JSON-RPC error the server answers with 4xx (unsupported version, unknown method) is relayed as it is', async () => {
    const h = start(() => Response.json({ jsonrpc: '2.0', id: 7, error: { code: -32601, message: 'Method not found' } }, { status: 404 }));
    h.send(call(7, 'server/discover', { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } }));
    expect(await h.answer(7)).toEqual({ jsonrpc: '2.0', id: 7, error: { code: -32601, message: 'Method not found' } });
    await h.end();
  });

  it('bounded: at most maxConcurrentRequests POSTs at a time; the others wait and are answered', async () => {
    let open = 0, most = 0;
    const release: (() => void)[] = [];
    const h = start(async (req) => {
      const { id } = await req.json() as { id: number };
      open++;
      most = Math.max(most, open);
      await new Promise<void>((r) => release.push(r));
      open--;
      return Response.json(result(id));
    }, { maxConcurrentRequests: 2 });
    for (let i = 1; i <= 5; i++) h.send(call(i));
    await expect.poll(() => release.length).toBe(2);
    while (h.out.length < 5) {
      await expect.poll(() => release.length).toBeGreaterThan(0);
      release.shift()!();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(most).toBe(2);
    expect(h.out.map((m) => m['id']).sort()).toEqual([1, 2, 3, 4, 5]);
    await h.end();
  });
});

describe('mcp-oauth proxy: the host side', () => {
  it('MCP stdio transport: a line over maxMessageBytes, a line that is not JSON and a batch get JSON-RPC errors (id null); later lines still work', async () => {
    const h = start((req) => req.json().then((m: any) => Response.json(result(m.id))), { maxMessageBytes: 1024 });
    h.line(`{"jsonrpc":"2.0","id":1,"method":"x","params":{"pad":"${'y'.repeat(5000)}"}}`);
    h.line('not json');
    h.send([call(2)]);
    h.send(call(3));
    expect(await h.answer(3)).toEqual(result(3));
    expect(h.out.slice(0, 3).map((m) => [m['id'], m['error']?.code])).toEqual([[null, -32600], [null, -32700], [null, -32600]]);
    await h.end();
  });
});

describe('mcp-oauth proxy --header mode', () => {
  it('headers are sent with every request and OAuth is never attempted: a 401 is a JSON-RPC error to the host, no discovery request, exit status 3 on the first exchange', async () => {
    const seen: Request[] = [];
    const h = start((req) => { seen.push(req); return new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer resource_metadata="http://127.0.0.1:9/.well-known/oauth-protected-resource/mcp"' } }); });
    h.send(call(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'h', version: '1' } }));
    expect((await h.answer(1))['error']).toMatchObject({ data: { reason: 'auth', status: 401 } });
    expect(await h.done).toEqual({ exitCode: 3, reason: 'auth' });
    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['POST /mcp']);
    expect(seen[0]!.headers.get('x-api-key')).toBe('k-123');
    expect(h.err.join('\n')).not.toContain('k-123');
  });

  it('a server that cannot be reached on the first exchange: a JSON-RPC error, exit status 4', async () => {
    const h = start(() => { throw new TypeError('fetch failed'); });
    h.send(call(1));
    expect((await h.answer(1))['error']).toMatchObject({ data: { reason: 'unreachable' } });
    expect(await h.done).toEqual({ exitCode: 4, reason: 'unreachable' });
  });

  it('usage: proxy needs one URL; --header is "Name: value", repeatable, and excludes the OAuth options (exit 2)', async () => {
    const run = (argv: string[]) => runCli(argv, { out: () => {}, err: () => {}, env: {} });
    for (const argv of [['proxy'], ['proxy', 'ftp://x'], ['proxy', URL_, '--header', 'no-colon'], ['proxy', URL_, '--header', 'Bad Name: v'],
      ['proxy', URL_, '--header', 'A: b', '--scope', 's'], ['proxy', URL_, '--header', 'A: b', '--device'], ['proxy', URL_, '--port', 'x']]) {
      expect(await run(argv), argv.join(' ')).toBe(2);
    }
    const help: string[] = [];
    expect(await runCli(['proxy', '--help'], { out: (l) => help.push(l), err: () => {} })).toBe(0);
    expect(help.join('\n')).toMatch(/Exit status: 0 the host closed stdin/);
  });
});

describe('mcp-oauth proxy --header values from the environment', () => {
  it('${VAR} in a --header value is read from the environment (the secret stays out of the process list); an unset variable is a usage error that names it, never a value', async () => {
    const env = { API_KEY: 'k-secret-1', EMPTY: '' };
    expect(headerPairs(['X-Api-Key: ${API_KEY}', 'Authorization: Bearer ${API_KEY}', 'X-E: a${EMPTY}b', 'X-Lit: $API_KEY {x}'], env))
      .toEqual([['X-Api-Key', 'k-secret-1'], ['Authorization', 'Bearer k-secret-1'], ['X-E', 'ab'], ['X-Lit', '$API_KEY {x}']]);
    expect(() => headerPairs(['X-Api-Key: ${NOPE}'], env)).toThrow(/\$\{NOPE\}, which is not set/);
    // a variable whose value breaks the header rules is refused like a literal one, without echoing it
    try { headerPairs(['X-A: ${BAD}'], { BAD: 'a\r\nInjected: 1' }); expect.unreachable(); } catch (e) {
      expect((e as Error).message).toMatch(/line breaks/);
      expect((e as Error).message).not.toContain('Injected');
    }
    const errs: string[] = [];
    expect(await runCli(['proxy', URL_, '--header', 'X-Api-Key: ${NOPE}'], { out: () => {}, err: (l) => errs.push(l), env: {} })).toBe(2);
    expect(errs.join('\n')).toContain('${NOPE}');
  });
});

describe('mcp-oauth proxy on the 2025-11-25 wire', () => {
  it('MCP Streamable HTTP 2025-11-25: an answer stream that breaks before the response is resumed with GET and Last-Event-ID', async () => {
    const gets: (string | null)[] = [];
    const h = start(async (req) => {
      if (req.method === 'GET') {
        if (req.headers.get('last-event-id') === null) return new Response(null, { status: 405 });
        gets.push(req.headers.get('last-event-id'));
        return sse(event(result(2, { resumed: true }), 'e2'));
      }
      if (req.method === 'DELETE') return new Response(null, { status: 204 });
      const m = await req.json() as Json;
      if (m['method'] === 'initialize') return Response.json(result(1, { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 's', version: '1' } }), { headers: { 'mcp-session-id': 'S1' } });
      if (m['method'] === 'notifications/initialized') return new Response(null, { status: 202 });
      return sse(`retry: 10\n${event({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } }, 'e1')}`);
    });
    h.send(call(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'h', version: '1' } }));
    await h.answer(1);
    h.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    h.send(call(2, 'tools/call', { name: 'x' }));
    expect(await h.answer(2)).toEqual(result(2, { resumed: true }));
    expect(gets).toEqual(['e1']);
    await h.end();
  });
});

describe('mcp-oauth proxy: a lost session (2025-11-25)', () => {
  it('MCP Streamable HTTP 2025-11-25 Session Management: 404 on the session → the host\'s initialize and initialized replayed (answer kept from the host), the request retried once on the new session; the retry\'s long answer is bounded by its own activity', async () => {
    const seen: string[] = [];
    let sessions = 0;
    const h = start(async (req) => {
      if (req.method === 'GET') return new Response(null, { status: 405 });
      if (req.method === 'DELETE') return new Response(null, { status: 204 });
      const m = await req.json() as Json;
      seen.push(`${String(m['method'] ?? 'response')} ${req.headers.get('mcp-session-id') ?? '-'}`);
      if (m['method'] === 'initialize') return Response.json(result(m['id'], { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 's', version: '1' } }), { headers: { 'mcp-session-id': `S${++sessions}` } });
      if (m['method'] === 'notifications/initialized') return new Response(null, { status: 202 });
      if (req.headers.get('mcp-session-id') === 'S1') return new Response('gone', { status: 404 });
      let n = 0; // keep-alives for longer than the idle bound, then the response
      return sse(new ReadableStream({
        async pull(c) {
          await new Promise((r) => setTimeout(r, 100));
          c.enqueue(enc.encode(++n < 8 ? ':\n\n' : event(result(m['id'], { ok: true }))));
          if (n >= 8) c.close();
        },
      }, { highWaterMark: 0 }));
    }, { idleTimeoutMs: 400 });
    h.send(call(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'h', version: '1' } }));
    await h.answer(1);
    h.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await expect.poll(() => seen.length).toBe(2);
    h.send(call(2, 'tools/call', { name: 'x' }));
    expect(await h.answer(2)).toEqual(result(2, { ok: true }));
    expect(seen).toEqual(['initialize -', 'notifications/initialized S1', 'tools/call S1', 'initialize -', 'notifications/initialized S2', 'tools/call S2']);
    expect(h.out.filter((m) => m['id'] === 1)).toHaveLength(1); // the replayed initialize's answer stayed here
    await h.end();
  });
});

describe('mcp-oauth proxy: the standalone GET stream (2025-11-25)', () => {
  it('MCP Streamable HTTP 2025-11-25: the GET stream opens after initialized, relays server messages, and a quiet one is reopened (with Last-Event-ID) after the idle bound', async () => {
    const gets: (string | null)[] = [];
    const h = start(async (req) => {
      if (req.method === 'GET') {
        gets.push(req.headers.get('last-event-id'));
        return gets.length === 1
          ? sse(new ReadableStream({ start(c) { c.enqueue(enc.encode(event({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'first' } }, 'g1'))); } })) // then silence
          : sse(new ReadableStream({ start(c) { c.enqueue(enc.encode(event({ jsonrpc: '2.0', id: 'srv-1', method: 'roots/list' }, 'g2'))); } }));
      }
      if (req.method === 'DELETE') return new Response(null, { status: 204 });
      const m = await req.json() as Json;
      if (m['method'] === 'initialize') return Response.json(result(1, { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 's', version: '1' } }), { headers: { 'mcp-session-id': 'S1' } });
      return new Response(null, { status: 202 });
    }, { idleTimeoutMs: 300 });
    h.send(call(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'h', version: '1' } }));
    await h.answer(1);
    h.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await expect.poll(() => h.out.map((m) => m['method']), { timeout: 15_000 }).toEqual([undefined, 'notifications/message', 'roots/list']);
    expect(gets.slice(0, 2)).toEqual([null, 'g1']);
    expect(h.err.join('\n')).not.toContain('event stream failed'); // a quiet stream is not a failure
    await h.end();
  });
});

describe('2026-07-28 request metadata headers', () => {
  it('MCP Streamable HTTP 2026-07-28 Value Encoding: plain visible ASCII as is; non-ASCII, edge whitespace, line breaks and the sentinel pattern as =?base64?…?=', () => {
    expect(encodeHeaderValue('us-west1')).toBe('us-west1');
    expect(encodeHeaderValue('Hello, 世界')).toBe('=?base64?SGVsbG8sIOS4lueVjA==?=');
    expect(encodeHeaderValue(' padded ')).toBe('=?base64?IHBhZGRlZCA=?=');
    expect(encodeHeaderValue('line1\nline2')).toBe('=?base64?bGluZTEKbGluZTI=?=');
    expect(encodeHeaderValue('=?base64?literal?=')).toBe('=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=');
  });

  it('MCP Streamable HTTP 2026-07-28 Standard Request Headers: Mcp-Method always, Mcp-Name for tools/call, resources/read, prompts/get; Mcp-Param-* from nested properties, omitted when absent or null', () => {
    const cache = new Map([['q', [{ path: ['where', 'region'], name: 'Region' }, { path: ['dry'], name: 'Dry' }, { path: ['n'], name: 'N' }]]]);
    const v = '2026-07-28';
    expect(requestHeaders({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'q', arguments: { where: { region: 'eu' }, dry: false, n: 42 } } }, v, cache))
      .toEqual({ 'mcp-protocol-version': v, 'mcp-method': 'tools/call', 'mcp-name': 'q', 'mcp-param-region': 'eu', 'mcp-param-dry': 'false', 'mcp-param-n': '42' });
    expect(requestHeaders({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'q', arguments: { where: null, n: 1.5 } } }, v, cache))
      .toEqual({ 'mcp-protocol-version': v, 'mcp-method': 'tools/call', 'mcp-name': 'q' });
    expect(requestHeaders({ jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'file:///a b' } }, v, cache)['mcp-name']).toBe('file:///a b');
    expect(requestHeaders({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { name: 'x' } }, v, cache)['mcp-name']).toBeUndefined();
  });

  it('MCP Streamable HTTP 2026-07-28 Custom Headers: tools whose x-mcp-header breaks a rule are left out of tools/list (and warned about), valid ones kept and remembered', () => {
    const s = (props: Json, extra: Json = {}): Json => ({ type: 'object', properties: props, ...extra });
    expect(paramHeaders(s({ a: { type: 'object', properties: { b: { type: 'integer', 'x-mcp-header': 'B' } } } }))).toEqual([{ path: ['a', 'b'], name: 'B' }]);
    const bad: [string, Json][] = [
      ['empty', s({ a: { type: 'string', 'x-mcp-header': '' } })],
      ['not a token', s({ a: { type: 'string', 'x-mcp-header': 'A B' } })],
      ['number type', s({ a: { type: 'number', 'x-mcp-header': 'A' } })],
      ['duplicate', s({ a: { type: 'string', 'x-mcp-header': 'Dup' }, b: { type: 'string', 'x-mcp-header': 'dup' } })],
      ['under items', s({ a: { type: 'array', items: { type: 'object', properties: { b: { type: 'string', 'x-mcp-header': 'B' } } } } })],
      ['under oneOf', s({}, { oneOf: [{ properties: { b: { type: 'string', 'x-mcp-header': 'B' } } }] })],
      ['under $defs', s({}, { $defs: { d: { type: 'string', 'x-mcp-header': 'D' } } })],
      ['at the root', { type: 'string', 'x-mcp-header': 'Root' }],
    ];
    for (const [what, schema] of bad) expect(typeof paramHeaders(schema), what).toBe('string');
    expect(paramHeaders(s({ 'x-mcp-header': { type: 'string' } }))).toEqual([]); // a parameter named so is no annotation
    const cache = new Map();
    const warned: string[] = [];
    const out = filterTools({ tools: [{ name: 'ok', inputSchema: s({ r: { type: 'string', 'x-mcp-header': 'R' } }) }, { name: 'bad', inputSchema: bad[2]![1] }], nextCursor: 'c' }, cache, (n) => warned.push(n));
    expect(out).toEqual({ tools: [{ name: 'ok', inputSchema: s({ r: { type: 'string', 'x-mcp-header': 'R' } }) }], nextCursor: 'c' });
    expect(warned).toEqual(['bad']);
    expect(cache.get('ok')).toEqual([{ path: ['r'], name: 'R' }]);
  });
});
