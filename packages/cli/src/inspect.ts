import type { FetchLike } from '@mcp-oauth/client-flow';
import { runChecks } from './internal/inspect-checks';

/** `pass`: meets the requirement; `warn`: works but weaker than it should; `fail`: a client cannot (or must not) proceed; `skip`: not checked. */
export type Verdict = 'pass' | 'warn' | 'fail' | 'skip';

/** Why a request of {@link inspect} got no HTTP answer. */
export type InspectFailure = 'refused' | 'timeout' | 'tls' | 'dns' | 'reset' | 'network';

/** One verdict, for one requirement id (docs/conformance.md lists them). */
export interface InspectCheck {
  readonly id: string;
  readonly verdict: Verdict;
  /** What was observed, in one line. */
  readonly summary: string;
  /** For `warn` and `fail`: why it matters and what to change. */
  readonly explanation?: string;
}

/** What a client sees of an MCP server, and the verdicts. Documents are as the server published them. */
export interface InspectReport {
  readonly url: string;
  /** True when no check failed. */
  readonly ok: boolean;
  readonly challenge?: { readonly status: number; readonly resourceMetadata?: string; readonly scope?: string };
  readonly protectedResourceMetadata?: { readonly url: string; readonly document: Record<string, unknown> };
  readonly authorizationServer?: { readonly issuer: string; readonly metadataUrl: string; readonly document: Record<string, unknown> };
  readonly checks: readonly InspectCheck[];
  /**
   * Set when the MCP server itself gave no HTTP answer: why (`refused`, `timeout`, `tls`, `dns`,
   * `reset`, `network`) and in words. Then nothing else was checked: `checks` holds one R-PRM-2 failure saying so.
   */
  readonly unreachable?: { readonly kind: InspectFailure; readonly text: string };
}

/** Options of {@link inspect}. */
export interface InspectOptions {
  readonly fetch?: FetchLike;
  /** Per-request time limit in milliseconds (default 10 s). */
  readonly timeoutMs?: number;
  /** Told of each step as it starts (the command line prints these on stderr). */
  readonly progress?: (line: string) => void;
}

/**
 * Runs discovery against an MCP server the way a client does (unauthenticated request and its
 * challenge, protected-resource metadata, authorization-server metadata, an invalid token) and
 * returns what was found with a verdict per requirement id (R-PRM-1/2, C-PRM-1..4, R-TOK-6,
 * C-ASM-1..4, C-AUTH-3, C-REG-1, C-AUTH-7, A-MD-1, A-REV-1, R-TOK-1). Redirects are not followed,
 * bodies are size-bounded, every request is time-limited. Nothing is registered and no token is sent.
 * A server that gives no HTTP answer (connection refused, timeout, TLS error, unknown host) is
 * reported once, in `unreachable` (and one R-PRM-2 failure), with no other verdicts. Other requests without an answer name the
 * reason in their check's summary.
 *
 * @example
 * ```ts
 * import { inspect } from '@mcp-oauth/cli';
 *
 * const report = await inspect('https://mcp.example.com/mcp');
 * for (const c of report.checks) console.log(c.verdict, c.id, c.summary);
 * ```
 * @throws {TypeError} when `url` is not an http(s) URL.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export function inspect(url: string | URL, options: InspectOptions = {}): Promise<InspectReport> {
  const href = String(url);
  if (!URL.canParse(href) || !/^https?:$/.test(new URL(href).protocol)) return Promise.reject(new TypeError('inspect: url must be an http(s) URL'));
  return runChecks(new URL(href), { fetch: options.fetch ?? ((i, init) => fetch(i, init)), timeoutMs: options.timeoutMs ?? 10_000 }, options.progress ?? (() => {}));
}
