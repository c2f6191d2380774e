// Builds the example, runs it under Deno (network to 127.0.0.1, its env vars and its SQLite folder, nothing else)
// and authorizes against it with client-flow from Node.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abuseTests, groupRss } from '../../shared/test/abuse.ts';
import { flowTests, lifecycleTests } from '../../shared/test/flow.ts';
import { startExample, stopExample, type Started } from '../../shared/test/support.ts';

const dir = fileURLToPath(new URL('..', import.meta.url));
const deno = fileURLToPath(new URL('../../../node_modules/.bin/deno', import.meta.url));
let server: Started | undefined;
const temp = mkdtempSync(join(tmpdir(), 'mcp-oauth-deno-'));
const env = ['PORT', 'MCP_OAUTH_AUTO_APPROVE', 'MCP_OAUTH_STORE', 'MCP_OAUTH_PUBLIC_URL', 'MCP_OAUTH_TOKEN_FORMAT'].join(',');

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['build.mjs'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  // node:sqlite (Deno's Node compatibility) on a file in a folder of this run's own: read and write there only
  server = await startExample(deno, ['run', '--allow-net=127.0.0.1', `--allow-env=${env}`, `--allow-read=${temp}`, `--allow-write=${temp}`, '--no-prompt', 'dist/server.js'], { cwd: dir, env: { DENO_NO_UPDATE_CHECK: '1', MCP_OAUTH_STORE: `sqlite:${join(temp, 'as.db')}` } });
});
afterAll(async () => { await stopExample(server); rmSync(temp, { recursive: true, force: true }); });

describe('examples/deno (Deno.serve)', () => {
  flowTests(() => server!);
  it('MCP_OAUTH_STORE: the example keeps its state in the SQLite file (node:sqlite under Deno) the test gave it', () => {
    expect(server!.output()).toContain(`store sqlite ${join(temp, 'as.db')}`);
  });
  lifecycleTests(() => server!);
  abuseTests(() => ({ mcpUrl: server!.mcpUrl, memory: () => groupRss(server!.child.pid!) }));
});
