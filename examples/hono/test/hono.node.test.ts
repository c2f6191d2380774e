// Builds the example, runs it on Node with @hono/node-server and authorizes against it with client-flow.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abuseTests, groupRss } from '../../shared/test/abuse.ts';
import { flowTests, lifecycleTests } from '../../shared/test/flow.ts';
import { startExample, stopExample, type Started } from '../../shared/test/support.ts';

const dir = fileURLToPath(new URL('..', import.meta.url));
let server: Started | undefined;

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['build.mjs'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  server = await startExample(process.execPath, ['dist/server.js'], { cwd: dir });
});
afterAll(() => stopExample(server));

describe('examples/hono (Hono on @hono/node-server)', () => {
  flowTests(() => server!);
  it('MCP_OAUTH_STORE: the example keeps its state in the SQLite file (node:sqlite) the test gave it', () => {
    expect(server!.output()).toMatch(/store sqlite \S+mcp-oauth-example-\S+\/as\.db/);
  });
  lifecycleTests(() => server!);
  abuseTests(() => ({ mcpUrl: server!.mcpUrl, memory: () => groupRss(server!.child.pid!) }));
});
