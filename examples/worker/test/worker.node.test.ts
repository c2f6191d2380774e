// Runs the worker in workerd (miniflare) and authorizes against it with client-flow from Node.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';
import { abuseTests, groupRss } from '../../shared/test/abuse.ts';
import { flowTests, lifecycleTests } from '../../shared/test/flow.ts';
import { startExample, stopExample, type Started } from '../../shared/test/support.ts';

const dir = fileURLToPath(new URL('..', import.meta.url));
let server: Started | undefined;

beforeAll(async () => {
  server = await startExample(process.execPath, ['src/run.mjs'], { cwd: dir });
}, 60_000);
afterAll(() => stopExample(server));

describe('examples/worker (workerd via miniflare)', () => {
  flowTests(() => server!);
  lifecycleTests(() => server!);
  abuseTests(() => ({ mcpUrl: server!.mcpUrl, memory: () => groupRss(server!.child.pid!) }));
});
