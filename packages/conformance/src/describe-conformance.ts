import type { ConformanceOptions, ConformanceResult } from './types';
import { createSession } from './internal/session';

type Body = () => void | Promise<void>;

/** The test-runner functions {@link describeConformance} registers with (Vitest, Jest, Mocha, node:test all fit). */
export interface TestRunner {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: Body, timeout?: number): unknown;
}

/** Options of {@link describeConformance}. */
export interface DescribeConformanceOptions extends ConformanceOptions {
  /** Default: the runner's globals `describe` and `it`. */
  readonly runner?: TestRunner;
  /** Per-test time limit in milliseconds (default 60 000). */
  readonly testTimeout?: number;
  /**
   * Property ids known to fail on this server: their tests assert the failure (so a fix is
   * noticed and the list updated), every other property must not fail.
   */
  readonly expectFail?: readonly string[];
  /** Also fail the tests whose verdict is `not-tested` (default false: such a test passes; `runConformance` shows why it was not tested). */
  readonly strict?: boolean;
}

function explain(r: ConformanceResult): string {
  return [`${r.id} ${r.verdict}: ${r.evidence}`, r.fix ? `fix: ${r.fix}` : '', r.curl ? `replay: ${r.curl}` : ''].filter(Boolean).join('\n');
}

/**
 * Registers one test per conformance property (titled `<id>: <title>`) in the current test runner.
 * Discovery and registered clients are shared by the tests; each test runs its property and fails
 * with the counterexample, the fix and a replayable `curl` command.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { describeConformance } from '@mcp-oauth/conformance';
 *
 * describeConformance({ url: 'http://127.0.0.1:3000/mcp', intrusive: true, runner: { describe, it } });
 * ```
 * @throws {TypeError} when no runner is given and no global `describe`/`it` exists, or `url` is invalid.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 */
export function describeConformance(options: DescribeConformanceOptions): void {
  const g = globalThis as unknown as Partial<TestRunner>;
  const runner = options.runner ?? (typeof g.describe === 'function' && typeof g.it === 'function' ? { describe: g.describe, it: g.it } : undefined);
  if (!runner) throw new TypeError('describeConformance: pass `runner: { describe, it }` (no global describe/it found)');
  const session = createSession(options);
  const expectFail = new Set(options.expectFail ?? []);
  runner.describe(`MCP authorization conformance of ${options.url}`, () => {
    for (const p of session.properties) {
      runner.it(`${p.id}: ${p.title}${expectFail.has(p.id) ? ' (expected to fail)' : ''}`, async () => {
        const r = await session.run(p);
        if (expectFail.has(p.id)) {
          if (r.verdict !== 'fail') throw new Error(`${p.id} was expected to fail but is ${r.verdict}: ${r.evidence}. Remove it from expectFail.`);
          return;
        }
        if (r.verdict === 'fail' || (options.strict && r.verdict === 'not-tested')) throw new Error(explain(r));
      }, options.testTimeout ?? 60_000);
    }
  });
}
