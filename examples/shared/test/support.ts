// Test helpers shared by the examples hono, deno, bun, worker and browser-spa.
// Starts an example as a child process, waits for the URL it prints, and runs a whole MCP client
// authorization against it with client-flow (a headless authorize hook that follows the redirect).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMcpOAuthClient, type McpOAuthClient, type TokenStore } from '@mcp-oauth/client-flow';

export interface Started { child: ChildProcess; mcpUrl: string; output: () => string; tempDir?: string }

/**
 * Spawns `command args` and resolves once it prints `MCP server: <url>`. Without MCP_OAUTH_STORE in
 * `options.env` the example gets a SQLite file in a fresh temp folder (removed by stopExample), so
 * test runs never share a database and never touch the example's `.data/`.
 */
export function startExample(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Started> {
  const tempDir = options.env?.['MCP_OAUTH_STORE'] === undefined ? mkdtempSync(join(tmpdir(), 'mcp-oauth-example-')) : undefined;
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, PORT: '0', MCP_OAUTH_AUTO_APPROVE: '1', NO_COLOR: '1', ...(tempDir ? { MCP_OAUTH_STORE: `sqlite:${join(tempDir, 'as.db')}` } : {}), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: a runtime started through a shim dies with it
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const cleanup = (): void => { if (tempDir) rmSync(tempDir, { recursive: true, force: true }); };
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } cleanup(); reject(new Error(`no URL printed within 20 s:\n${out}`)); }, 20_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /MCP server: (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, mcpUrl: m[1]!, output: () => out, ...(tempDir ? { tempDir } : {}) }); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); cleanup(); reject(new Error(`exited with ${code}:\n${out}`)); });
  });
}

/** Stops the child's whole process group and waits for the child to exit. */
export async function stopExample(started: Started | undefined): Promise<void> {
  const pid = started?.child.pid;
  if (!started || pid === undefined) return;
  const signal = (s: NodeJS.Signals): void => { try { process.kill(-pid, s); } catch { /* already gone */ } };
  const running = started.child.exitCode === null && started.child.signalCode === null;
  const exited = running ? new Promise((r) => started.child.once('exit', r)) : Promise.resolve();
  signal('SIGTERM');
  const t = setTimeout(() => signal('SIGKILL'), 3000);
  await exited;
  clearTimeout(t);
  signal('SIGKILL'); // anything the child left behind in its group
  if (started.tempDir) rmSync(started.tempDir, { recursive: true, force: true });
}

/** A client-flow client whose authorize hook follows the (auto-approved) redirect with fetch. */
export function headlessClient(mcpUrl: string, extra: { store?: TokenStore; now?: () => number } = {}): { client: McpOAuthClient; authorizations: URL[] } {
  const authorizations: URL[] = [];
  const client = createMcpOAuthClient({
    ...extra,
    serverUrl: mcpUrl,
    redirectUri: 'http://127.0.0.1/callback',
    registration: { clientName: 'example test' },
    async authorize(url) {
      authorizations.push(url);
      const res = await fetch(url, { redirect: 'manual' });
      const location = res.headers.get('location');
      if (res.status !== 302 || !location) throw new Error(`authorization endpoint answered ${res.status}`);
      return location;
    },
  });
  return { client, authorizations };
}

let nextId = 1;
/** One JSON-RPC call through the authenticated fetch. */
export async function rpc(client: McpOAuthClient, mcpUrl: string, method: string, params: unknown = {}): Promise<{ status: number; body: any }> {
  const res = await client.fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
  });
  return { status: res.status, body: await res.json() };
}
