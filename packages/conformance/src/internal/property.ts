// A property: what it checks, and how to check it; `forAll` runs a fast-check property over HTTP.
import * as fc from 'fast-check';
import { toCurl } from './curl';
import { Skip, Violation, type Ctx } from './context';

export interface Property {
  readonly id: string;
  readonly title: string;
  /** Needs `intrusive` (registers, authorizes, requests tokens, or sends oversized requests). */
  readonly intrusive: boolean;
  /** What to change when it fails. */
  readonly fix: string;
  /** Resolves the evidence of a pass; throws {@link Violation} or {@link Skip}. */
  run(ctx: Ctx): Promise<string>;
}

/** A violation unless `ok`; the observation becomes the replayable counterexample. */
export function expect(ok: boolean, evidence: string, observed?: Violation['observed']): void {
  if (!ok) throw new Violation(evidence, observed);
}

/**
 * Checks `check` for `numRuns` generated values; on failure fast-check shrinks to the smallest
 * counterexample, whose violation (with its request) is rethrown, prefixed with the value's description.
 */
export async function forAll<T>(ctx: Ctx, arb: fc.Arbitrary<T>, check: (value: T) => Promise<void>, show: (value: T) => string, numRuns: number = ctx.numRuns, examples: readonly T[] = []): Promise<number> {
  const details = await fc.check(fc.asyncProperty(arb, check), {
    numRuns: Math.max(numRuns, examples.length), examples: examples.map((e) => [e] as [T]), ...(ctx.seed !== undefined ? { seed: ctx.seed } : {}),
  });
  if (!details.failed) return details.numRuns;
  const e = details.errorInstance;
  const shown = details.counterexample ? show(details.counterexample[0]) : 'unknown input';
  if (e instanceof Violation) throw new Violation(`${e.evidence} (counterexample after ${details.numShrinks} shrinks: ${shown})`, e.observed);
  throw e;
}

/** Every value of a finite list, each once (as fast-check examples, so a failure still shrinks to the first failing value). */
export function forEach<T>(ctx: Ctx, values: readonly T[], check: (value: T) => Promise<void>, show: (value: T) => string): Promise<number> {
  return forAll(ctx, fc.constantFrom(...values), check, show, values.length, values);
}

export function curlOf(v: Violation, secrets: readonly string[]): string | undefined {
  return v.observed ? toCurl(v.observed.request, secrets) : undefined;
}

export { Skip, Violation };
