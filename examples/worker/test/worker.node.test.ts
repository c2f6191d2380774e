// Runs the worker in workerd (miniflare) and authorizes against it with client-flow from Node.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abuseTests, groupRss } from '../../shared/test/abuse.ts';
import { flowTests, lifecycleTests } from '../../shared/test/flow.ts';
import { startExample, stopExample, type Started } from '../../shared/test/support.ts';

const dir = fileURLToPath(new URL('..', import.meta.url));
let server: Started | undefined;
const temp = mkdtempSync(join(tmpdir(), 'mcp-oauth-worker-'));

beforeAll(async () => {
  // D1 (binding DB) persisted by miniflare in a folder of this run's own
  server = await startExample(process.execPath, ['src/run.mjs'], { cwd: dir, env: { MCP_OAUTH_STORE: `sqlite:${join(temp, 'd1')}` } });
}, 60_000);
afterAll(async () => { await stopExample(server); rmSync(temp, { recursive: true, force: true }); });

describe('examples/worker (workerd via miniflare)', () => {
  flowTests(() => server!);
  it('MCP_OAUTH_STORE: the worker keeps its state in D1, persisted by miniflare in the folder the test gave it', () => {
    expect(server!.output()).toContain(`store D1 in ${join(temp, 'd1')}`);
    expect(readdirSync(join(temp, 'd1'), { recursive: true }).some((f) => String(f).endsWith('.sqlite'))).toBe(true);
  });
  lifecycleTests(() => server!);
  abuseTests(() => ({ mcpUrl: server!.mcpUrl, memory: () => groupRss(server!.child.pid!) }));
});
