// The only way the kit talks to a server: a request budget, a rate cap, a time limit, no redirect
// followed, bounded bodies, and a guard that keeps every token and secret on the URLs it belongs to.
import { ConformanceError } from '../errors';
import { toCurl, type RecordedRequest } from './curl';

/** A `fetch` the kit can use (the global one, or an in-process router in tests). */
export type FetchLike = (input: Request) => Promise<Response>;

/** What came back, bounded. */
export interface Observed {
  readonly request: RecordedRequest;
  readonly status: number;
  readonly headers: Headers;
  readonly location: string | undefined;
  readonly text: string;
  readonly json: unknown;
  readonly ms: number;
}

export interface HttpOptions {
  readonly fetch: FetchLike;
  readonly maxRequests: number;
  readonly requestsPerSecond: number;
  readonly timeoutMs: number;
  readonly onRequest?: (count: number) => void;
}

const MAX_BODY = 256 * 1024;

async function readBounded(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY) { await reader.cancel().catch(() => {}); break; }
    chunks.push(value);
  }
  const all = new Uint8Array(Math.min(size, MAX_BODY));
  let at = 0;
  for (const c of chunks) { all.set(c.subarray(0, all.length - at), at); at += c.byteLength; }
  return new TextDecoder().decode(all);
}

export class Http {
  count = 0;
  private last = 0;
  /** secret value → URLs (origin + path) it may be sent to. */
  private readonly secrets = new Map<string, Set<string>>();

  private readonly options: HttpOptions;

  constructor(options: HttpOptions) { this.options = options; }

  /** Every token, code, verifier and secret seen so far (for redaction). */
  knownSecrets(): string[] {
    return [...this.secrets.keys()];
  }

  /** Registers `secret` as sendable only to `urls` (compared without query). */
  allow(secret: string, urls: readonly (string | undefined)[]): void {
    if (secret.length < 8) return;
    const set = this.secrets.get(secret) ?? new Set<string>();
    for (const u of urls) if (u) set.add(bare(u));
    this.secrets.set(secret, set);
  }

  /** Requests the budget still allows. */
  remaining(): number {
    return this.options.maxRequests - this.count;
  }

  /**
   * Waits for `n` consecutive slots of the rate cap (reserved at once, so concurrent callers queue
   * instead of sharing a slot); a burst of `n` leaves the next request `n` gaps later.
   */
  private async slot(n: number): Promise<void> {
    const gap = 1000 / this.options.requestsPerSecond;
    const at = Math.max(Date.now(), this.last + gap);
    this.last = at + (n - 1) * gap;
    const wait = at - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  /**
   * Sends the same request `n` times at once (a race, A7). The burst counts `n` against the budget
   * and `n` slots of the rate cap: the average rate stays under the cap.
   */
  async burst(n: number, method: string, url: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Observed[]> {
    if (this.count + n > this.options.maxRequests) throw new ConformanceError('BudgetExhausted', `request budget of ${this.options.maxRequests} leaves no room for ${n} concurrent requests`);
    await this.slot(n);
    const all = Array.from({ length: n }, () => this.send(method, url, { ...init, reserved: true }));
    return Promise.all(all);
  }

  async send(method: string, url: string, init: { headers?: Record<string, string>; body?: string; reserved?: boolean } = {}): Promise<Observed> {
    const headers = init.headers ?? {};
    const recorded: RecordedRequest = { method, url, headers, ...(init.body !== undefined ? { body: init.body } : {}) };
    const wire = `${url}\n${Object.values(headers).join('\n')}\n${init.body ?? ''}`;
    for (const [secret, urls] of this.secrets) {
      if (wire.includes(secret) && !urls.has(bare(url))) throw new ConformanceError('TokenLeakPrevented', `a token or secret was about to be sent to ${new URL(url).origin}; not sent`);
    }
    if (this.count >= this.options.maxRequests) throw new ConformanceError('BudgetExhausted', `request budget of ${this.options.maxRequests} used up`);
    this.count++;
    this.options.onRequest?.(this.count);
    if (!init.reserved) await this.slot(1);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    const started = Date.now();
    try {
      const res = await this.options.fetch(new Request(url, { method, headers, redirect: 'manual', signal: controller.signal, ...(init.body !== undefined ? { body: init.body } : {}) }));
      const text = await readBounded(res);
      let json: unknown;
      try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
      return { request: recorded, status: res.status, headers: res.headers, location: res.headers.get('location') ?? undefined, text, json, ms: Date.now() - started };
    } catch (e) {
      if (e instanceof ConformanceError) throw e;
      if (controller.signal.aborted) throw new ConformanceError('Timeout', `no answer within ${this.options.timeoutMs} ms: ${toCurl(recorded, this.knownSecrets())}`);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }
}

function bare(u: string): string {
  try { const x = new URL(u); return x.origin + x.pathname; } catch { return u; }
}

/** `obj[key]` of an unknown JSON value, when it is an object. */
export function field(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
}

export const str = (v: unknown, key: string): string | undefined => {
  const f = field(v, key);
  return typeof f === 'string' ? f : undefined;
};
