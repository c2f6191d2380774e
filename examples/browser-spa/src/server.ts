// `pnpm --dir examples/browser-spa start`: the demo MCP server on 127.0.0.1:$MCP_PORT and the
// single-page app on 127.0.0.1:$PORT (0 = free ports). Open the printed SPA URL and click Connect.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@mcp-oauth/node';
import { createDemoServer } from './demo-server.ts';

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

// Both origins must be known before either serves a request: bind first, then install handlers.
const spa = createServer();
const mcp = createServer();
const appOrigin = `http://127.0.0.1:${await listen(spa, Number(process.env['PORT'] ?? 0))}`;
const origin = `http://127.0.0.1:${await listen(mcp, Number(process.env['MCP_PORT'] ?? 0))}`;
const mcpUrl = `${origin}/mcp`;

mcp.on('request', toNodeHandler(createDemoServer({ origin, appOrigin })));

const html = readFileSync(new URL('../src/page/index.html', import.meta.url), 'utf8').replace('{{MCP_URL}}', mcpUrl);
const script = readFileSync(new URL('./app.js', import.meta.url));
const PAGE_HEADERS = {
  // The code arrives in the callback URL: no Referer leaves the page, nothing frames it, scripts are our own.
  'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src ${origin}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};
spa.on('request', (req, res) => {
  const path = new URL(req.url ?? '/', appOrigin).pathname;
  if (req.method !== 'GET') { res.writeHead(405, { allow: 'GET' }).end(); return; }
  if (path === '/' || path === '/callback') res.writeHead(200, { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8' }).end(html);
  else if (path === '/app.js') res.writeHead(200, { ...PAGE_HEADERS, 'content-type': 'text/javascript; charset=utf-8' }).end(script);
  else res.writeHead(404, PAGE_HEADERS).end();
});

console.log(`SPA: ${appOrigin}/`);
console.log(`MCP server: ${mcpUrl} (authorization server ${origin})`);
const stop = (): void => { for (const s of [spa, mcp]) { s.close(); s.closeAllConnections(); } };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
