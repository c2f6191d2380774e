import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect, runCli, startDemoServers, type DemoServers, type InspectReport } from '@mcp-oauth/cli';

const verdicts = (r: InspectReport): Record<string, string> => Object.fromEntries(r.checks.map((c) => [c.id, c.verdict]));

/** A deliberately broken MCP server: no resource_metadata, no PRM, AS metadata with another issuer and no S256, accepts any token. */
async function brokenServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/mcp') {
      if (req.headers.authorization) { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"jsonrpc":"2.0","id":1,"result":{}}'); return; }
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="mcp"' });
      res.end();
      return;
    }
    if (req.url === '/.well-known/oauth-authorization-server') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: 'https://other.example', authorization_endpoint: `${origin}/authorize`, token_endpoint: 'http://tokens.example/token', code_challenge_methods_supported: ['plain'] }));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}

describe('mcp-oauth inspect', () => {
  let demo: DemoServers;
  let broken: { url: string; close: () => Promise<void> };
  beforeAll(async () => { demo = await startDemoServers(); broken = await brokenServer(); });
  afterAll(async () => { await demo.close(); await broken.close(); });

  it('R-PRM-1, R-PRM-2, C-PRM-1, C-PRM-3, C-PRM-4, C-ASM-2, C-ASM-3, C-ASM-4: the demo servers pass every check', async () => {
    const r = await inspect(demo.mcpUrl);
    expect(r.ok).toBe(true);
    const v = verdicts(r);
    for (const id of ['R-PRM-1', 'R-PRM-2', 'C-PRM-1', 'C-PRM-3', 'C-PRM-4', 'R-TOK-6', 'C-ASM-2', 'C-ASM-3', 'C-ASM-4', 'C-AUTH-3', 'C-REG-1', 'C-AUTH-7', 'A-MD-1', 'A-REV-1', 'R-TOK-1']) {
      expect(v[id], id).toBe('pass');
    }
    expect(r.challenge?.resourceMetadata).toBe(`${new URL(demo.mcpUrl).origin}/.well-known/oauth-protected-resource/mcp`);
    expect(r.authorizationServer?.issuer).toBe(demo.issuer);
  });

  it('`inspect` prints the verdicts and exits 0; `--json` parses', async () => {
    const out: string[] = [];
    expect(await runCli(['inspect', demo.mcpUrl], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/✓ C-ASM-4 +PKCE S256 supported/);
    expect(text).toContain('Result: a client can authorize with this server');
    const json: string[] = [];
    expect(await runCli(['inspect', demo.mcpUrl, '--json'], { out: (l) => json.push(l), err: () => {} })).toBe(0);
    const parsed = JSON.parse(json.join('\n')) as InspectReport;
    expect(parsed.ok).toBe(true);
    expect(parsed.checks.length).toBeGreaterThanOrEqual(15);
  });

  it('R-PRM-1, R-PRM-2, C-PRM-2, C-ASM-3, C-ASM-4, C-AUTH-7, R-TOK-1: a broken server gets each problem reported with its id', async () => {
    const r = await inspect(broken.url);
    expect(r.ok).toBe(false);
    const v = verdicts(r);
    expect(v['R-PRM-2']).toBe('fail'); // no resource_metadata in the challenge
    expect(v['R-PRM-1']).toBe('fail'); // no PRM at any well-known URL
    expect(v['C-PRM-2']).toBe('fail');
    expect(v['C-ASM-3']).toBe('fail'); // issuer mismatch
    expect(v['C-ASM-4']).toBe('fail'); // no S256
    expect(v['C-AUTH-7']).toBe('fail'); // http token endpoint off loopback
    expect(v['R-TOK-1']).toBe('fail'); // accepts a made-up token
    expect(v['C-AUTH-3']).toBe('warn');
    for (const c of r.checks.filter((x) => x.verdict !== 'pass')) expect(c.explanation, c.id).toBeTruthy();
    const out: string[] = [];
    expect(await runCli(['inspect', broken.url], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(1);
    const text = out.join('\n');
    for (const id of ['R-PRM-1', 'R-PRM-2', 'C-ASM-3', 'C-ASM-4']) expect(text).toMatch(new RegExp(`✗ ${id} `));
  });

  it('C-SSRF-1: an unreachable server is a failure, not a crash', async () => {
    const r = await inspect('http://127.0.0.1:9/mcp', { timeoutMs: 2000 });
    expect(r.ok).toBe(false);
    expect(verdicts(r)['R-PRM-2']).toBe('fail');
  });
});

describe('mcp-oauth inspect: a server that does not answer, progress, wording', () => {
  const run = async (argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
    return { code, out, err };
  };
  const listening = async (handler: Parameters<typeof createServer>[1]): Promise<{ port: number; close: () => Promise<void> }> => {
    const server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }) };
  };

  it('C-SSRF-1: connection refused, a timeout and a TLS error are each said as such, once, not as failed requirements', async () => {
    const gone = await listening(() => {});
    await gone.close();
    const silent = await listening(() => {}); // accepts, never answers
    const plain = await listening((_q, res) => { res.end('not tls'); });
    try {
      const cases = [
        { url: `http://127.0.0.1:${gone.port}/mcp`, kind: 'refused', words: 'connection refused' },
        { url: `http://127.0.0.1:${silent.port}/mcp`, kind: 'timeout', words: 'timed out' },
        { url: `https://127.0.0.1:${plain.port}/mcp`, kind: 'tls', words: 'TLS error' },
      ];
      for (const { url, kind, words } of cases) {
        const r = await inspect(url, { timeoutMs: 300 });
        expect(r.unreachable?.kind, url).toBe(kind);
        expect(r.checks.map((c) => [c.id, c.verdict])).toEqual([['R-PRM-2', 'fail']]);
        const cli = await run(['inspect', url, '--timeout', '0.3']);
        expect(cli.code).toBe(1);
        const text = cli.out.join('\n');
        expect(text.split(words).length - 1, url).toBe(1);
        expect(text).not.toContain('✗');
      }
    } finally {
      await silent.close();
      await plain.close();
    }
  });

  it('R-TOK-1: progress goes to stderr step by step; a 401 without error="invalid_token" is said plainly', async () => {
    const s = await listening((req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Bearer resource_metadata="http://127.0.0.1:1/x"' });
      res.end();
    });
    try {
      const cli = await run(['inspect', `http://127.0.0.1:${s.port}/mcp`, '--timeout', '2']);
      expect(cli.err.filter((l) => /^\[\d\/4\] /.test(l))).toHaveLength(4);
      const line = cli.out.find((l) => l.includes('R-TOK-1'))!;
      expect(line).toContain('401 but its WWW-Authenticate has no error, not error="invalid_token"');
      expect(line).not.toMatch(/got 401 instead of 401/);
    } finally {
      await s.close();
    }
  });

  it('usage errors carry one "mcp-oauth <command>:" prefix, not two', async () => {
    for (const argv of [['inspect', 'ftp://x/mcp'], ['inspect'], ['check', 'a', 'b'], ['tools', 'nope']]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.err[0]).toMatch(new RegExp(`^mcp-oauth ${argv[0]}: `));
      expect(r.err[0]).not.toMatch(new RegExp(`^mcp-oauth ${argv[0]}: ${argv[0]}\\b`));
    }
  });

  it('--help lists every option of every command (main help and each command\'s), and points at docs/conformance.md in this repository', async () => {
    const options: Record<string, string[]> = {
      demo: ['interactive', 'timeout'],
      inspect: ['json', 'timeout'],
      login: ['scope', 'port', 'client-name', 'client-id', 'client-issuer', 'client-metadata-url', 'store-dir', 'timeout'],
      token: ['store-dir'],
      tools: ['json', 'store-dir', 'timeout'],
      call: ['json', 'store-dir', 'timeout'],
      logout: ['store-dir'],
      check: ['intrusive', 'json', 'timeout', 'max-requests', 'rate', 'other-resource', 'refresh-grace'],
    };
    const main = (await run(['--help'])).out.join('\n');
    for (const [cmd, names] of Object.entries(options)) {
      const own = (await run([cmd, '--help'])).out.join('\n');
      expect(own).toContain(`Usage: mcp-oauth ${cmd}`);
      const usageLine = main.split('\n').findIndex((l) => l.trimStart().startsWith(`${cmd} `));
      expect(usageLine, cmd).toBeGreaterThan(0);
      for (const n of names) {
        expect(own, `${cmd} --${n}`).toContain(`--${n}`);
        expect(main.split('\n').slice(usageLine, usageLine + 3).join(' '), `main: ${cmd} --${n}`).toContain(`--${n}`);
      }
      // the help names no option the command refuses
      for (const m of own.matchAll(/--([a-z-]+)/g)) if (m[1] !== 'help') expect(names, `${cmd} help mentions --${m[1]}`).toContain(m[1]);
    }
    for (const cmd of ['inspect', 'check']) {
      const own = (await run([cmd, '--help'])).out.join('\n');
      expect(own).toContain('https://github.com/mcp-oauth/mcp-oauth/blob/main/docs/conformance.md');
      expect(own).not.toContain('REQUIREMENTS.md');
    }
    expect(main).toContain('npx @mcp-oauth/cli');
  });
});
