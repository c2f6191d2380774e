// Starting examples/node-server as processes for the store tests (restart, many instances, faults)
// and bench/store-load.bench.mjs: a chosen port, a chosen store, killed with SIGKILL when asked.
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startExample, stopExample, type Started } from './support.ts';

const dir = fileURLToPath(new URL('../../node-server/', import.meta.url));
const node24 = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url));

export const freePort = (): Promise<number> => new Promise((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => ok(p)); });
});

/** examples/node-server on 127.0.0.1:`port` with `env` (MCP_OAUTH_STORE must be set: the caller owns the database). */
export function startNodeServer(port: number, env: Record<string, string> & { MCP_OAUTH_STORE: string }): Promise<Started> {
  return startExample(node24, ['--experimental-strip-types', '--no-warnings', '--import', '../../tools/source-hook.mjs', 'src/server.ts'], { cwd: dir, env: { PORT: String(port), ...env } });
}

/** SIGKILL: no shutdown code runs (what a crash or an OOM kill does). */
export async function killNodeServer(started: Started): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  const exited = new Promise((r) => started.child.once('exit', r));
  try { process.kill(-started.child.pid!, 'SIGKILL'); } catch { /* gone */ }
  await exited;
}

export { stopExample };
