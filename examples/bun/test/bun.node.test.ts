// Runs the example under Bun straight from its TypeScript source (Bun resolves @mcp-oauth/* through
// the tsconfig paths to the workspace sources) and authorizes against it with client-flow from Node.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abuseTests, groupRss } from '../../shared/test/abuse.ts';
import { flowTests, lifecycleTests } from '../../shared/test/flow.ts';
import { startExample, stopExample, type Started } from '../../shared/test/support.ts';

const dir = fileURLToPath(new URL('..', import.meta.url));
const bun = fileURLToPath(new URL('../../../node_modules/.bin/bun', import.meta.url));
let server: Started | undefined;

beforeAll(async () => {
  server = await startExample(bun, ['src/server.ts'], { cwd: dir });
});
afterAll(() => stopExample(server));

describe('examples/bun (Bun.serve)', () => {
  it('MCP_OAUTH_STORE: the example keeps its state in the SQLite file (bun:sqlite) the test gave it', () => {
    expect(server!.output()).toMatch(/store sqlite \S+mcp-oauth-example-\S+\/as\.db/);
  });
  flowTests(() => server!);
  lifecycleTests(() => server!);
  abuseTests(() => ({ mcpUrl: server!.mcpUrl, memory: () => groupRss(server!.child.pid!) }));
});
