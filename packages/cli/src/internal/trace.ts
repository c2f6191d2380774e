// A fetch that records every exchange, so the demo can show and check what the client really did.
import type { FetchLike } from '@mcp-oauth/client-flow';

/** One request and its response, as far as the demo looks at them (bodies of JSON and forms only). */
export interface Exchange {
  readonly method: string;
  readonly url: URL;
  readonly requestHeaders: Headers;
  /** The request's form body (token, register, revoke); used for checks, never printed. */
  readonly form?: URLSearchParams;
  readonly requestJson?: unknown;
  readonly status: number;
  readonly headers: Headers;
  readonly json?: Record<string, unknown>;
}

function parse(type: string | null, text: string): unknown {
  if (!(type ?? '').includes('json') || text.length > 262_144) return undefined;
  try { return JSON.parse(text) as unknown; } catch { return undefined; }
}

/** A recording fetch: `log` holds every exchange, `since(mark)` those after a mark. */
export class Trace {
  readonly log: Exchange[] = [];
  readonly fetch: FetchLike;

  constructor(signal: AbortSignal, base: FetchLike = (i, init) => fetch(i, init)) {
    this.fetch = async (input, init) => {
      const original = new Request(input, init);
      // Bodies are read into memory and re-sent (never tee'd: cancelling one branch of a tee waits for the other).
      const sent = original.body === null ? undefined : await original.text();
      const req = new Request(original, { signal, ...(sent !== undefined ? { body: sent } : {}) });
      const res = await base(req);
      const reqType = original.headers.get('content-type') ?? '';
      const form = sent !== undefined && reqType.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(sent) : undefined;
      const requestJson = sent !== undefined && !form ? parse(reqType, sent) : undefined;
      const resType = res.headers.get('content-type');
      let out = res;
      let json: unknown;
      if ((resType ?? '').includes('json') && res.body !== null) {
        const text = await res.text();
        json = parse(resType, text);
        out = new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
      }
      this.log.push({
        method: req.method, url: new URL(req.url), requestHeaders: req.headers, status: res.status, headers: res.headers,
        ...(form ? { form } : {}), ...(requestJson !== undefined ? { requestJson } : {}),
        ...(typeof json === 'object' && json !== null && !Array.isArray(json) ? { json: json as Record<string, unknown> } : {}),
      });
      return out;
    };
  }

  /** The position to pass to `since` later. */
  mark(): number {
    return this.log.length;
  }

  since(mark: number): Exchange[] {
    return this.log.slice(mark);
  }
}
