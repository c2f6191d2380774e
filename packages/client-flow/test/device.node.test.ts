// C-DEV-1 over real sockets: server-flow behind node:http on 127.0.0.1, the client with the global fetch.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeHandler } from '@mcp-oauth/node';
import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
import { deviceGrant, type DeviceCodePrompt } from '@mcp-oauth/client-flow/device';
import { deviceWorld, type DeviceWorld } from './device-world';

let server: Server;
let w: DeviceWorld;
let base = '';

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  w = deviceWorld(base, `${base}/mcp`);
  server.on('request', toNodeHandler((req) => w.fetch(req)));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('device authorization grant over 127.0.0.1 (C-DEV-1)', () => {
  it('C-DEV-1: a browserless client gets tokens through the device flow against server-flow on node:http', async () => {
    const prompts: DeviceCodePrompt[] = [];
    let polls = 0;
    const c = createMcpOAuthClient({
      serverUrl: `${base}/mcp`,
      registration: { preRegistered: { client_id: 'cli', token_endpoint_auth_method: 'none', issuer: base } },
      grant: deviceGrant({
        onDeviceCode: (p) => { prompts.push(p); },
        // the server's clock moves instead of the test waiting
        sleep: async (ms) => { w.clock.t += ms; if (++polls === 2) expect(await w.user(prompts[0]!.verificationUriComplete!, prompts[0]!.userCode)).toBe(200); },
      }),
    });
    const res = await c.fetch(`${base}/mcp`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok:alice');
    expect(prompts[0]!.verificationUri).toBe(`${base}/device`);
    expect(prompts[0]!.userCode).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(polls).toBe(2);
  });
});
