import { PROPERTIES } from './internal/properties';

/** One property of the suite, as listed by {@link conformanceProperties}. */
export interface ConformancePropertyInfo {
  readonly id: string;
  readonly title: string;
  /** Runs only with `intrusive: true`. */
  readonly intrusive: boolean;
  /** What to change in a server that fails it. */
  readonly fix: string;
}

/**
 * The suite's properties, in the order they run (read-only first).
 *
 * @example
 * ```ts
 * import { conformanceProperties } from '@mcp-oauth/conformance';
 * for (const p of conformanceProperties()) console.log(p.id, p.intrusive ? '(intrusive)' : '', p.title);
 * ```
 */
export function conformanceProperties(): ConformancePropertyInfo[] {
  return PROPERTIES.map(({ id, title, intrusive, fix }) => ({ id, title, intrusive, fix }));
}
