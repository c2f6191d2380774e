import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler, type FetchHandler } from '@mcp-oauth/node';

/** A Fetch handler listening on 127.0.0.1. */
export interface Served {
  readonly origin: string;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 (port 0: a free port). The handler may be set after the port is known. */
export async function serve(handler: () => FetchHandler, port = 0): Promise<Served> {
  const listener = toNodeHandler((req, ctx) => handler()(req, ctx));
  const server: Server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${actual}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
