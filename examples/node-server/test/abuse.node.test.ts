// examples/node-server started as its README says (a real process on 127.0.0.1), then attacked by an
// anonymous caller with only an HTTP client (issue #11). The conformance suite and the SDK's stock
// client run against it in packages/node/test/server-example.node.test.ts.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';
import { abuseTests, groupRss } from '../../shared/test/abuse.ts';
import { startExample, stopExample, type Started } from '../../shared/test/support.ts';

const dir = fileURLToPath(new URL('..', import.meta.url));
const node24 = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url));
let server: Started | undefined;

const freePort = (): Promise<number> => new Promise((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => ok(p)); });
});

beforeAll(async () => {
  // The issuer is http://127.0.0.1:$PORT, so the port is chosen here rather than by the kernel.
  const port = String(await freePort());
  server = await startExample(node24, ['--experimental-strip-types', '--no-warnings', '--import', '../../tools/source-hook.mjs', 'src/server.ts'], { cwd: dir, env: { PORT: port } });
});
afterAll(() => stopExample(server));

describe('examples/node-server: what an anonymous caller can do', () => {
  abuseTests(() => ({ mcpUrl: server!.mcpUrl, memory: () => groupRss(server!.child.pid!) }));
});
