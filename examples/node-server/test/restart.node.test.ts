// Issue #13 part 6: the example keeps its state in the store MCP_OAUTH_STORE names, so a restart
// (here a SIGKILL, then a new process on the same SQLite file) changes nothing a client can see.
// JWT access tokens survive only when the signing key is in the store too (branch `keys`).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callMcp, fullFlow, refresh } from '../../shared/test/raw-flow.ts';
import { freePort, killNodeServer, startNodeServer, stopExample } from '../../shared/test/node-example.ts';
import type { Started } from '../../shared/test/support.ts';

const temp = mkdtempSync(join(tmpdir(), 'mcp-oauth-restart-'));
const running: Started[] = [];
afterAll(async () => {
  for (const s of running) await stopExample(s);
  rmSync(temp, { recursive: true, force: true });
});

describe.each(['opaque', 'jwt'] as const)('examples/node-server on SQLite, restarted (%s access tokens)', (format) => {
  it(`A-RT-1 (restart): after a SIGKILL and a restart on the same file the ${format} access token still works, refresh works, and replaying the rotated refresh token is still detected and ends the grant`, async () => {
    const port = await freePort();
    const env = { MCP_OAUTH_STORE: `sqlite:${join(temp, format, 'as.db')}`, MCP_OAUTH_TOKEN_FORMAT: format };
    const first = await startNodeServer(port, env);
    running.push(first);
    const origin = `http://127.0.0.1:${port}`;
    const mcpUrl = `${origin}/mcp`;
    expect(first.output()).toContain(`store sqlite ${join(temp, format, 'as.db')}`);
    // the folder is private, the database file too (codes, grants and upstream tokens live there)
    expect(statSync(join(temp, format)).mode & 0o777).toBe(0o700);
    expect(statSync(join(temp, format, 'as.db')).mode & 0o777).toBe(0o600);

    const { clientId, tokens } = await fullFlow([origin], mcpUrl);
    expect(await callMcp(mcpUrl, tokens.access_token)).toBe(200);
    await killNodeServer(first);

    const second = await startNodeServer(port, env);
    running.push(second);
    // the access token issued by the killed process
    expect(await callMcp(mcpUrl, tokens.access_token)).toBe(200);
    // the refresh token issued by the killed process rotates
    const rotated = await refresh(origin, clientId, mcpUrl, tokens.refresh_token);
    const rotatedAt = Date.now();
    expect(rotated.status).toBe(200);
    expect(await callMcp(mcpUrl, rotated.body.access_token)).toBe(200);
    await killNodeServer(second);

    const third = await startNodeServer(port, env);
    running.push(third);
    // server-flow lets a concurrent refresh lose without ending the grant for 2 s after a rotation
    // (REUSE_GRACE_MS); a replay is one that comes later.
    await new Promise((r) => setTimeout(r, Math.max(0, rotatedAt + 2300 - Date.now())));
    // replaying the refresh token rotated before this restart is detected …
    const replay = await refresh(origin, clientId, mcpUrl, tokens.refresh_token);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    // … and ends the grant: the newest refresh token is dead too
    const after = await refresh(origin, clientId, mcpUrl, rotated.body.refresh_token);
    expect(after.status).toBe(400);
    expect(after.body.error).toBe('invalid_grant');
    if (format === 'opaque') expect(await callMcp(mcpUrl, rotated.body.access_token)).toBe(401); // introspected against the store: revoked with the grant
  });
});
