// A tiny round-robin HTTP balancer on 127.0.0.1 for the many-instances tests and bench: each
// request (not each connection: clients keep connections alive) goes to the next backend, over a
// fresh connection, with method, path, headers and body unchanged. It records who served what.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer { origin: string; port: number; served: { path: string; backend: number; status: number }[]; close(): Promise<void> }

export async function startBalancer(backends: number[], port = 0): Promise<Balancer> {
  let next = 0;
  const served: Balancer['served'] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const backend = next++ % backends.length;
    const upstream = request({ host: '127.0.0.1', port: backends[backend], method: req.method, path: req.url, headers: req.headers, agent: false }, (up) => {
      served.push({ path: (req.url ?? '').split('?')[0]!, backend, status: up.statusCode ?? 0 });
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => { served.push({ path: req.url ?? '', backend, status: 502 }); if (!res.headersSent) res.writeHead(502).end(); else res.destroy(); });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const bound = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${bound}`, port: bound, served,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}
