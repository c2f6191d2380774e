/** `pass`: the property held; `fail`: a counterexample was found; `not-applicable`: the server does not offer the feature; `not-tested`: the kit could not check it (read-only mode, no login, budget). */
export type Verdict = 'pass' | 'fail' | 'not-applicable' | 'not-tested';

/** One property's outcome. */
export interface ConformanceResult {
  /** The REQUIREMENTS.md id (`A-PKCE-1`, `R-TOK-2`, ...) the property checks. */
  readonly id: string;
  /** What the property says, in one line. */
  readonly title: string;
  readonly verdict: Verdict;
  /** What was observed: for `fail` the shrunk counterexample; no token, code or secret in it. */
  readonly evidence: string;
  /** For `fail`: what to change in the server. */
  readonly fix?: string;
  /** For `fail`: the failing request as a replayable `curl` command (secrets replaced by `<placeholders>`). */
  readonly curl?: string;
}

/** Every result of a run. */
export interface ConformanceReport {
  /** The URL the run started from. */
  readonly target: string;
  /** The MCP server's resource identifier, when the target is a protected resource. */
  readonly resource?: string;
  /** The authorization server's issuer, when discovered. */
  readonly issuer?: string;
  /** True when no result is `fail`. */
  readonly ok: boolean;
  /** Requests sent. */
  readonly requests: number;
  readonly results: readonly ConformanceResult[];
}

/** A client registered out of band (for servers without DCR, or to avoid registering). */
export interface PreRegisteredClient {
  readonly client_id: string;
  /** Sent with `client_secret_basic`; only to the token, revocation and introspection endpoints. */
  readonly client_secret?: string;
  /** A registered redirect URI (loopback recommended: the kit never needs to receive the redirect). */
  readonly redirect_uri: string;
}

/**
 * Drives a login page without a person: given the authorization URL (the server answered it with a
 * page or a redirect to its login), returns the URL the server finally redirected to (the redirect
 * URI with `code`/`error`, `state`, `iss`), or `undefined` when the login could not complete.
 */
export type LoginDriver = (authorizationUrl: string) => Promise<string | undefined>;

/** Options of `runConformance` and `describeConformance`. */
export interface ConformanceOptions {
  /** The MCP server URL (discovery starts from its 401) or an authorization server's issuer. */
  readonly url: string;
  /**
   * Allow requests with effects: registering clients, authorizing, requesting and refreshing tokens,
   * oversized requests. Default false: read-only (metadata, challenges, forged tokens only).
   * Only against servers you own or may test.
   */
  readonly intrusive?: boolean;
  /** How to complete a login without a person; default: expect the server to approve at once (a test server). */
  readonly login?: LoginDriver;
  /** Use this client instead of registering one (DCR). */
  readonly client?: PreRegisteredClient;
  /**
   * Another resource served by the same authorization server. With it, R-TOK-2 obtains a token for
   * it and checks the MCP server refuses it: the one place a token is sent where it was not issued
   * for, so only URLs you name here.
   */
  readonly otherResource?: string;
  /** The resource to request tokens for when `url` is an issuer. */
  readonly resource?: string;
  /**
   * A documented grace period (ms) in which a rotated refresh token may be presented again without
   * ending the grant (concurrent refreshes); A-RT-1 waits this long, plus one second, before the replay. Default 0.
   */
  readonly refreshReuseGraceMs?: number;
  /**
   * How the kit waits (default a timer); tests inject one that moves the server's clock instead.
   * A86 (a code replayed after its lifetime) runs only with an injected `sleep`: against a real
   * server it would wait `codeLifetimeMs`.
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The longest a code may live, in milliseconds; A86 sleeps this plus one second (default 600 000, RFC 6749 §4.1.2). */
  readonly codeLifetimeMs?: number;
  /**
   * The most registrations one caller may make before the server answers 429 (default 100). A82
   * registers until it sees a 429 or has made one more than this (its earlier registrations count);
   * `not-tested` when the request budget cannot cover that.
   */
  readonly registrationLimit?: number;
  /** Default: the global `fetch`. Redirects are never followed. */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** Most requests the whole run may send (default 400). */
  readonly maxRequests?: number;
  /** Rate cap (default 10 per second). */
  readonly requestsPerSecond?: number;
  /** Per-request time limit in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  /** Generated cases per property (default 8). */
  readonly numRuns?: number;
  /** fast-check seed, to replay a run. */
  readonly seed?: number;
  /** Run only the properties with these ids. */
  readonly only?: readonly string[];
  /** Called as each property starts and ends (the CLI prints progress with it). */
  readonly onProgress?: (event: { readonly id: string; readonly title: string; readonly result?: ConformanceResult }) => void;
}
