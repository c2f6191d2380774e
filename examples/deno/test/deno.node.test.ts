// Builds the example, runs it under Deno (network to 127.0.0.1 and two env vars, nothing else)
// and authorizes against it with client-flow from Node.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';
import { abuseTests, groupRss } from '../../shared/test/abuse.ts';
import { flowTests, lifecycleTests } from '../../shared/test/flow.ts';
import { startExample, stopExample, type Started } from '../../shared/test/support.ts';

const dir = fileURLToPath(new URL('..', import.meta.url));
const deno = fileURLToPath(new URL('../../../node_modules/.bin/deno', import.meta.url));
let server: Started | undefined;

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['build.mjs'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  server = await startExample(deno, ['run', '--allow-net=127.0.0.1', '--allow-env=PORT,MCP_OAUTH_AUTO_APPROVE', '--no-prompt', 'dist/server.js'], { cwd: dir, env: { DENO_NO_UPDATE_CHECK: '1' } });
});
afterAll(() => stopExample(server));

describe('examples/deno (Deno.serve)', () => {
  flowTests(() => server!);
  lifecycleTests(() => server!);
  abuseTests(() => ({ mcpUrl: server!.mcpUrl, memory: () => groupRss(server!.child.pid!) }));
});
