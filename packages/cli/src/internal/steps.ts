// Numbered, verified steps: each prints one line with ✓ or ✗ and a few indented detail lines.
import { CliError } from '../errors';
import { safeText } from './format';

/** A check that did not hold; its message is written by this package (no server text, no token). */
export class StepFailure extends Error {}

/** Throws a {@link StepFailure} with `reason` unless `condition` holds. */
export function check(condition: unknown, reason: string): asserts condition {
  if (!condition) throw new StepFailure(reason);
}

/** A one-line explanation of an error that is safe to print. */
export function describe(e: unknown): string {
  if (e instanceof StepFailure) return e.message;
  if (e instanceof Error && e.name === 'AbortError') return 'timed out';
  if (e instanceof Error && e.name === 'TimeoutError') return 'timed out';
  if (e instanceof Error && /^(ClientFlowError|NodeError|CliError)$/.test(e.name)) {
    const { oauthError: oauth, errorDescription: text, serverMessage } = e as { oauthError?: unknown; errorDescription?: unknown; serverMessage?: unknown };
    const said = typeof oauth === 'string' ? `${oauth}${typeof text === 'string' && text ? `: "${safeText(text)}"` : ''}` : typeof serverMessage === 'string' ? `"${safeText(serverMessage)}"` : '';
    return `${e.message}${said ? ` (server said ${said})` : ''}`;
  }
  if (e instanceof TypeError && e.message === 'fetch failed') return 'network error: the server could not be reached';
  return e instanceof Error ? `${e.name}: ${safeText(e.message)}` : 'unexpected failure';
}

/** The outcome of one step. */
export interface DemoStep {
  readonly number: number;
  readonly title: string;
  readonly ok: boolean;
  readonly details: readonly string[];
  /** Why it failed. */
  readonly problem?: string;
}

export class Runner {
  readonly steps: DemoStep[] = [];
  private readonly print: (line: string) => void;
  private stopped = false;

  constructor(print: (line: string) => void) {
    this.print = print;
  }

  /** After a timeout: steps still running in the background neither print nor count. */
  stop(): void {
    this.stopped = true;
  }

  /** Runs one step; on failure prints why and throws `DemoStepFailed` naming the step. */
  async step(title: string, fn: () => Promise<string[]> | string[]): Promise<void> {
    if (this.stopped) throw new CliError('Timeout');
    const number = this.steps.length + 1;
    const head = `${String(number).padStart(2)}.`;
    let details: string[];
    try {
      details = await fn();
    } catch (e) {
      if (this.stopped) throw new CliError('Timeout');
      const problem = describe(e);
      this.steps.push({ number, title, ok: false, details: [], problem });
      this.print(`${head} ✗ ${title}`);
      this.print(`      problem: ${problem}`);
      throw new CliError('DemoStepFailed', `step ${number} (${title}) failed: ${problem}`, { step: number, cause: e });
    }
    if (this.stopped) throw new CliError('Timeout');
    this.steps.push({ number, title, ok: true, details });
    this.print(`${head} ✓ ${title}`);
    for (const d of details) this.print(`      ${d}`);
  }
}
