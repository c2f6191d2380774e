// Drives the single-page app in headless Chromium (playwright-core, the machine's Chromium): the
// button starts client-flow's authorization, the real consent page of server-flow is approved (or
// denied), the page comes back with the code and shows the tool's result. SPA and MCP server are
// on different origins, so every discovery, registration, token and MCP request crosses CORS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startExample, stopExample, type Started } from '../../shared/test/support.ts';

const dir = fileURLToPath(new URL('..', import.meta.url));
let server: Started | undefined;
let spaUrl = '';
let mcpOrigin = '';
let profile = '';
let context: BrowserContext | undefined;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['build.mjs'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  server = await startExample(process.execPath, ['dist/server.js'], { cwd: dir, env: { MCP_PORT: '0' } });
  spaUrl = /SPA: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(server.output())![1]!;
  mcpOrigin = new URL(server.mcpUrl).origin;
}, 60_000);
afterAll(() => stopExample(server));

beforeEach(async () => {
  profile = mkdtempSync(join(tmpdir(), 'mcp-oauth-spa-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  consoleErrors.length = 0;
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
}, 60_000);
afterEach(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

/** Waits until the page reports a failure, then returns the status line. */
async function failure(): Promise<string | null> {
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Failed'));
  return page.textContent('#status');
}

async function toConsentPage(): Promise<void> {
  await page.goto(spaUrl);
  await page.click('#connect');
  await page.waitForURL((u) => u.origin === mcpOrigin && u.pathname === '/authorize');
}

describe('examples/browser-spa (client-flow in Chromium against server-flow)', () => {
  it('C-AUTH-1: connect → real consent page → approve → back with the code → the tool result is shown', async () => {
    const authorizeUrls: URL[] = [];
    page.on('request', (r) => { const u = new URL(r.url()); if (u.pathname === '/authorize' && r.isNavigationRequest()) authorizeUrls.push(u); });
    await toConsentPage();
    expect(await page.locator('button[value="approve"]').isVisible()).toBe(true);
    const [authz] = authorizeUrls;
    expect(authz!.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authz!.searchParams.get('redirect_uri')).toBe(new URL('/callback', spaUrl).href);
    expect(authz!.searchParams.get('resource')).toBe(server!.mcpUrl);
    expect(authz!.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43,}$/);

    const callback = page.waitForRequest((r) => r.isNavigationRequest() && new URL(r.url()).pathname === '/callback');
    await page.click('button[value="approve"]');
    const back = new URL((await callback).url());
    expect(back.origin).toBe(new URL(spaUrl).origin);
    expect(back.searchParams.get('iss')).toBe(mcpOrigin); // RFC 9207
    expect(back.searchParams.get('state')).toBe(authz!.searchParams.get('state'));

    await page.locator('#result').waitFor({ state: 'visible' });
    const identity = JSON.parse((await page.textContent('#result'))!);
    expect(identity).toMatchObject({ subject: 'demo-user', scopes: ['mcp:tools'] });
    expect(await page.textContent('#status')).toBe('Connected.');
    // the code and state are gone from the address bar; the tokens sit in sessionStorage only
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).search).toBe('');
    const stored = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: Object.keys(localStorage) }));
    expect(stored.session.some((k) => k.startsWith('mcp-oauth:'))).toBe(true);
    expect(stored.local).toEqual([]);
    // no CORS or CSP failure along the way; Chromium logs the first call's expected 401 as an error
    expect(consoleErrors.filter((e) => !/status of 401 \(Unauthorized\)/.test(e))).toEqual([]);
    expect(consoleErrors.length).toBe(1);
  });

  it('C-AUTH-2: a second click reuses the token (no new authorization) and a replayed callback is discarded', async () => {
    await toConsentPage();
    const callbackUrl = page.waitForRequest((r) => r.isNavigationRequest() && new URL(r.url()).pathname === '/callback');
    await page.click('button[value="approve"]');
    const replay = (await callbackUrl).url();
    await page.locator('#result').waitFor({ state: 'visible' });

    let authorizations = 0;
    page.on('request', (r) => { if (new URL(r.url()).pathname === '/authorize') authorizations++; });
    await page.evaluate(() => { document.getElementById('result')!.hidden = true; });
    await page.click('#connect');
    await page.locator('#result').waitFor({ state: 'visible' });
    expect(authorizations).toBe(0);

    await page.goto(replay); // the same code and state again: single-use transaction (A24)
    expect(await failure()).toBe('Failed: StateMismatch');
  });

  it('R-PRM-2: the page can read the 401 challenge of /mcp (CORS exposes WWW-Authenticate), and the preflight allows the MCP headers', async () => {
    await page.goto(spaUrl);
    const seen = await page.evaluate(async (url) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'mcp-protocol-version': '2025-11-25' }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
      return { status: res.status, challenge: res.headers.get('www-authenticate') };
    }, server!.mcpUrl);
    expect(seen.status).toBe(401);
    expect(seen.challenge).toContain(`resource_metadata="${mcpOrigin}/.well-known/oauth-protected-resource/mcp"`);
  });

  it('C-AUTH-2: denying on the consent page comes back as AuthorizationDenied and no token is stored', async () => {
    await toConsentPage();
    await page.click('button[value="deny"]');
    await page.waitForURL((u) => u.origin === new URL(spaUrl).origin);
    expect(await failure()).toBe('Failed: AuthorizationDenied');
    const tokens = await page.evaluate(() => Object.values(sessionStorage).filter((v) => v.includes('access_token')));
    expect(tokens).toEqual([]);
  });
});
