import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultStoreDir } from '@mcp-oauth/cli';

// From the package folder (Vitest) or the repository root (the matrix runs a bundle from there).
const bin = [join(import.meta.dirname, '..', 'dist', 'bin.js'), join(process.cwd(), 'dist', 'bin.js'), join(process.cwd(), 'packages', 'cli', 'dist', 'bin.js')]
  .find((p) => existsSync(p)) ?? 'dist/bin.js';

describe('the mcp-oauth executable', () => {
  // Runs against the build (`pnpm --filter "@mcp-oauth/cli..." run build`); skipped, visibly, before it.
  it.runIf(existsSync(bin))('`node dist/bin.js demo` exits 0 after 12 checked steps; no arguments exit 2', () => {
    const r = spawnSync(process.execPath, [bin, 'demo'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('All 12 steps did what they say.');
    expect(spawnSync(process.execPath, [bin], { encoding: 'utf8' }).status).toBe(2);
  });

  it('C-TOK-4: the token folder follows MCP_OAUTH_STORE_DIR, APPDATA on Windows, XDG_CONFIG_HOME elsewhere', () => {
    expect(defaultStoreDir({ MCP_OAUTH_STORE_DIR: '/srv/tokens' }, 'linux')).toBe('/srv/tokens');
    expect(defaultStoreDir({ XDG_CONFIG_HOME: '/home/u/.cfg' }, 'linux')).toBe(join('/home/u/.cfg', 'mcp-oauth', 'tokens'));
    expect(defaultStoreDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\u\\AppData\\Roaming', 'mcp-oauth', 'tokens'));
    expect(defaultStoreDir({}, 'darwin')).toMatch(/[/\\]\.config[/\\]mcp-oauth[/\\]tokens$/);
  });
});
