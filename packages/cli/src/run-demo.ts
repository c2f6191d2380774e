import { createMcpOAuthClient, memoryStore } from '@mcp-oauth/client-flow';
import { openBrowser, startLoopbackReceiver, type LoopbackReceiver } from '@mcp-oauth/node';
import { CliError } from './errors';
import { authSteps } from './internal/demo-auth-steps';
import type { Authorization, DemoContext } from './internal/demo-context';
import { startDemoServers, type HandlerWrapper } from './start-demo-servers';
import { useSteps } from './internal/demo-use-steps';
import { Runner, check, describe, type DemoStep } from './internal/steps';
import { Trace } from './internal/trace';

export type { DemoStep } from './internal/steps';
export type { HandlerWrapper } from './start-demo-servers';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Open the real consent page in the browser (loopback receiver) instead of auto-approving. */
  readonly interactive?: boolean;
  /**
   * With `interactive`: opens the consent page; default `@mcp-oauth/node`'s `openBrowser` (the URL
   * is printed when no browser can be started). Tests pass a function that drives the page.
   */
  readonly openBrowser?: (url: URL) => Promise<unknown>;
  /** Where each output line goes; default: stdout. */
  readonly print?: (line: string) => void;
  /** The whole demo's time limit in milliseconds; default 30 s (10 minutes with `interactive`). */
  readonly timeoutMs?: number;
  /** Wraps the authorization server's Fetch handler (for tests that break a step on purpose). */
  readonly wrapAuthorizationServer?: HandlerWrapper;
  /** Wraps the MCP server's Fetch handler (for tests that break a step on purpose). */
  readonly wrapMcpServer?: HandlerWrapper;
}

/** What {@link runDemo} resolves: every step that ran, and whether all did what they say. */
export interface DemoResult {
  readonly ok: boolean;
  readonly steps: readonly DemoStep[];
  /** The step that failed, when one did. */
  readonly failedStep?: DemoStep;
}

/**
 * The `mcp-oauth demo`: starts an authorization server and an MCP server it protects on 127.0.0.1
 * (in-memory store, free ports), runs the MCP client through the whole flow (401 and challenge,
 * PRM, AS metadata, registration, PKCE authorization, token, tool calls, 403 and step-up, refresh
 * with rotation, refresh-token reuse detection, revocation, 401 again), prints each numbered step
 * with tokens redacted, verifies that each did what it says, and closes the servers.
 *
 * @example
 * ```ts
 * import { runDemo } from '@mcp-oauth/cli';
 *
 * const result = await runDemo();
 * process.exitCode = result.ok ? 0 : 1;
 * ```
 * @throws {RangeError} when `timeoutMs` is not a positive number.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const print = options.print ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const interactive = options.interactive === true;
  const timeoutMs = options.timeoutMs ?? (interactive ? 600_000 : 30_000);
  if (!(timeoutMs > 0)) throw new RangeError('runDemo: timeoutMs');
  const runner = new Runner(print);
  const aborter = new AbortController();
  const servers = await startDemoServers({
    interactive,
    ...(options.wrapAuthorizationServer ? { wrapAuthorizationServer: options.wrapAuthorizationServer } : {}),
    ...(options.wrapMcpServer ? { wrapMcpServer: options.wrapMcpServer } : {}),
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let receiver: LoopbackReceiver | undefined;
  try {
    print(`mcp-oauth demo: authorization server ${servers.issuer}, MCP server ${servers.mcpUrl}`);
    print(interactive ? 'Interactive: approve each consent request in the browser.' : 'Headless: consent is auto-approved (test mode of the authorization server).');
    print('');
    const trace = new Trace(aborter.signal);
    const authorizations: Authorization[] = [];
    // Both modes get every callback through one real loopback receiver, on one port (RFC 8252 §7.3).
    receiver = await startLoopbackReceiver({ timeoutMs, keepOpen: true });
    const loopback = receiver;
    const store = memoryStore();
    let skew = 0;
    const client = createMcpOAuthClient({
      serverUrl: servers.mcpUrl,
      redirectUri: loopback.redirectUri,
      registration: { clientName: 'mcp-oauth demo' },
      store,
      fetch: trace.fetch,
      now: () => Date.now() + skew,
      authorize: async (url) => {
        const a: Authorization = { url };
        authorizations.push(a);
        const waiting = loopback.waitForCallback(url.searchParams.get('state') ?? '');
        waiting.catch(() => {});
        if (interactive) {
          print('      … approve the request on the consent page in your browser; if it did not open, visit:');
          print(`      ${url.href}`);
          await (options.openBrowser ? options.openBrowser(url) : openBrowser(url, { print: () => {} }));
        } else {
          const res = await trace.fetch(url, { redirect: 'manual' });
          await res.body?.cancel();
          const location = res.headers.get('location');
          check((res.status === 302 || res.status === 303) && location, `the authorization endpoint answered ${res.status} instead of redirecting`);
          await (await fetch(new URL(location, url), { signal: aborter.signal })).body?.cancel(); // what the browser would do
        }
        a.callback = await waiting;
        return a.callback;
      },
    });
    const ctx: DemoContext = {
      runner, trace, servers, client, store, authorizations, interactive,
      key: { server: servers.mcpUrl, issuer: servers.issuer },
      setClientSkew: (ms) => { skew = ms; },
    };
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => { aborter.abort(); reject(new CliError('Timeout', `the demo did not finish within ${timeoutMs} ms`)); }, timeoutMs);
    });
    await Promise.race([(async () => useSteps(ctx, await authSteps(ctx)))(), timeout]);
    print('');
    print(`All ${runner.steps.length} steps did what they say.`);
    return { ok: true, steps: [...runner.steps] };
  } catch (e) {
    runner.stop();
    const failedStep = runner.steps.find((s) => !s.ok);
    print('');
    if (failedStep) print(`Demo failed at step ${failedStep.number}: ${failedStep.title}.`);
    else if (e instanceof CliError && e.code === 'Timeout') print(`Demo failed: step ${runner.steps.length + 1} did not finish within ${timeoutMs} ms.`);
    else print(`Demo failed before step ${runner.steps.length + 1}: ${describe(e)}`);
    return { ok: false, steps: [...runner.steps], ...(failedStep ? { failedStep } : {}) };
  } finally {
    clearTimeout(timer);
    aborter.abort();
    await receiver?.close();
    await servers.close();
  }
}
