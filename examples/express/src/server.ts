// `pnpm --dir examples/express start`: the Express example at http://127.0.0.1:$PORT (default 3000).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createExpressExample, type ExpressExample } from './app.ts';

export interface RunningExample extends ExpressExample {
  origin: string;
  close(): Promise<void>;
}

/** Starts the example on 127.0.0.1 (`port` 0: any free port). */
export async function startExpressExample(port: number): Promise<RunningExample> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const example = createExpressExample(origin);
  server.on('request', example.app);
  return {
    ...example, origin,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await startExpressExample(Number(process.env['PORT'] ?? 3000));
  console.log(`MCP server: ${running.origin}/mcp (authorization server ${running.origin})`);
  const stop = (): void => { void running.close(); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
