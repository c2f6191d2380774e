// The relay of `mcp-oauth proxy`: each message from the host (stdio) goes to the remote MCP server
// over Streamable HTTP, everything the remote answers comes back to the host.
// Two wires, chosen per message by what the host sends:
// - 2025-11-25 (the host sends `initialize`): the session of the initialize answer
//   (Mcp-Session-Id) and the negotiated MCP-Protocol-Version on every request, a standalone GET
//   stream for server-initiated messages, server-to-client requests whose answers from the host
//   are POSTed back, SSE resumption with Last-Event-ID, DELETE of the session on exit, and a new
//   session (the host's initialize replayed) once when the server answers 404 to a session.
// - 2026-07-28 (the request names its version in `_meta`): every message its own POST with the
//   request metadata headers, no session, no GET stream; the host's notifications/cancelled
//   closes the matching response stream instead of being posted.
// Bounded: message size, idle time of every answer, concurrent requests. Failures become JSON-RPC
// error responses with the request's id; nothing here prints a token.
import type { FetchLike } from '@mcp-oauth/client-flow';
import { filterTools, modernVersion, requestHeaders, type ParamHeader } from './proxy-headers';
import { readEvents, StreamLimitError } from './sse-reader';
import { isObject, type Json } from './json';

type Id = string | number;
const isId = (v: unknown): v is Id => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const keyOf = (id: Id): string => `${typeof id}:${id}`;
const LEGACY_VERSION = '2025-11-25';
const SESSION = /^[\x21-\x7e]{1,256}$/;
const HEADER_MISMATCH = -32020;

/** JSON-RPC error codes the proxy answers with (the remote's own errors are relayed as they are). */
export const RelayErrorCode = { parse: -32700, invalidRequest: -32600, internal: -32603 } as const;

/** Why a request got no answer from the remote. */
export type RelayFailure = 'auth' | 'unreachable' | 'http' | 'bad-answer' | 'too-large' | 'idle' | 'no-response' | 'busy';

export class RelayError extends Error {
  readonly reason: RelayFailure;
  readonly status: number | undefined;
  constructor(reason: RelayFailure, message: string, status?: number) {
    super(message);
    this.name = 'RelayError';
    this.reason = reason;
    this.status = status;
  }
}

export interface RelayOptions {
  readonly url: URL;
  readonly fetch: FetchLike;
  /** Sends a message to the host. */
  readonly send: (message: Json) => Promise<void>;
  /** Diagnostics (stderr). */
  readonly print: (line: string) => void;
  readonly maxMessageBytes: number;
  readonly idleTimeoutMs: number;
  readonly maxConcurrentRequests: number;
  /** The first exchange with the remote failed for good (sign-in or connection): the proxy stops. */
  readonly onFatal: (reason: 'auth' | 'unreachable') => void;
}

interface InFlight {
  readonly controller: AbortController;
  readonly modern: boolean;
  cancelled: boolean;
}

/** The message of an error, with a fixed text for failures that may carry outside text. */
const describe = (e: unknown): string => {
  if (e instanceof RelayError) return e.message;
  const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'unexpected failure';
};

export class Relay {
  private era: 'unknown' | 'legacy' | 'modern' = 'unknown';
  private session: string | undefined;
  private legacyVersion: string | undefined;
  private lastModernVersion: string | undefined;
  private initRequest: Json | undefined;
  private initialized: Json | undefined;
  private renewing: Promise<void> | undefined;
  private renewals = 0;
  private internalIds = 0;
  private established = false;
  private closed = false;
  private readonly inflight = new Map<string, InFlight>();
  private readonly tools = new Map<string, readonly ParamHeader[]>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private notifying = 0;
  private getStream: AbortController | undefined;
  private getLastEventId: string | undefined;
  private readonly tasks = new Set<Promise<void>>();
  private readonly requests = new Set<Promise<void>>();

  private readonly o: RelayOptions;
  constructor(options: RelayOptions) { this.o = options; }

  /** Takes one parsed line from the host. */
  handle(message: unknown): void {
    if (this.closed) return;
    if (!isObject(message) || message['jsonrpc'] !== '2.0') {
      void this.o.send(errorOf(null, RelayErrorCode.invalidRequest, 'mcp-oauth proxy: not a JSON-RPC 2.0 message (batches are not supported)'));
      return;
    }
    const method = message['method'];
    if (typeof method === 'string' && isId(message['id'])) {
      const r = this.request(message, message['id']);
      this.requests.add(r);
      void r.finally(() => this.requests.delete(r));
      this.track(r);
    }
    else if (typeof method === 'string' && !('id' in message)) this.track(this.notification(message));
    else if (typeof method !== 'string' && isId(message['id']) && ('result' in message || 'error' in message)) this.track(this.response(message));
    else void this.o.send(errorOf(isId(message['id']) ? message['id'] : null, RelayErrorCode.invalidRequest, 'mcp-oauth proxy: not a JSON-RPC request, notification or response'));
  }

  /** Waits (at most `ms`) for the requests in flight to be answered: the host closed stdin after sending them. */
  async drain(ms: number): Promise<void> {
    if (this.requests.size === 0) return;
    const stop = new AbortController();
    await Promise.race([Promise.allSettled([...this.requests]), sleep(ms, stop.signal)]);
    stop.abort();
  }

  /** The host went away: abandons what is in flight, ends the session (DELETE), at most `timeoutMs`. */
  async close(timeoutMs = 5000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const f of this.inflight.values()) { f.cancelled = true; f.controller.abort(); }
    this.getStream?.abort();
    for (const w of this.waiting.splice(0)) w();
    if (this.era === 'legacy' && this.session !== undefined) {
      try {
        const signal = AbortSignal.timeout(timeoutMs);
        const res = await untilAborted(this.o.fetch(this.o.url, { method: 'DELETE', headers: this.legacyHeaders(), redirect: 'manual', signal }), signal);
        await res.body?.cancel();
      } catch { /* the session expires on its own */ }
    }
    await Promise.race([Promise.allSettled([...this.tasks]), new Promise((r) => setTimeout(r, timeoutMs).unref?.())]);
  }

  private track(p: Promise<void>): void {
    const t = p.catch((e: unknown) => this.o.print(`mcp-oauth proxy: ${describe(e)}`));
    this.tasks.add(t);
    void t.finally(() => this.tasks.delete(t));
  }

  // ---- host → remote ------------------------------------------------------------------------

  private async request(message: Json, id: Id): Promise<void> {
    const key = keyOf(id);
    if (this.inflight.has(key)) {
      await this.o.send(errorOf(id, RelayErrorCode.invalidRequest, 'mcp-oauth proxy: a request with this id is already in flight'));
      return;
    }
    const modern = modernVersion(message) !== undefined && message['method'] !== 'initialize';
    const f: InFlight = { controller: new AbortController(), modern, cancelled: false };
    this.inflight.set(key, f);
    try {
      if (this.running >= this.o.maxConcurrentRequests) {
        if (this.waiting.length >= this.o.maxConcurrentRequests * 4) throw new RelayError('busy', 'mcp-oauth proxy: too many requests in flight');
        await new Promise<void>((r) => this.waiting.push(r)); // the slot is handed over by the one that ends
      } else this.running++;
      try {
        if (this.closed || f.cancelled) return;
        await this.exchange(message, id, f, false);
      } finally {
        const next = this.waiting.shift();
        if (next) next();
        else this.running--;
      }
    } catch (e) {
      if (f.cancelled || this.closed) return;
      const failure = e instanceof RelayError ? e : new RelayError('bad-answer', `mcp-oauth proxy: ${describe(e)}`);
      await this.o.send(errorOf(id, RelayErrorCode.internal, failure.message, { reason: failure.reason, ...(failure.status !== undefined ? { status: failure.status } : {}) }));
      if (!this.established && (failure.reason === 'auth' || failure.reason === 'unreachable')) this.o.onFatal(failure.reason);
    } finally {
      this.inflight.delete(key);
    }
  }

  /** POSTs a request and relays its answer until the response to `id`; retries once on a lost session. */
  private async exchange(message: Json, id: Id, f: InFlight, retried: boolean): Promise<void> {
    const method = message['method'] as string;
    const version = f.modern ? modernVersion(message)! : undefined;
    if (!f.modern && method !== 'initialize') await this.renewing;
    const sentSession = f.modern || method === 'initialize' ? undefined : this.session;
    const headers = version !== undefined ? requestHeaders(message, version, this.tools) : this.legacyHeaders(method === 'initialize');
    const watchdog = this.watchdog(f.controller);
    try {
      const res = await this.post(message, headers, f.controller.signal);
      watchdog.touch();
      if (!f.modern && res.status === 404 && sentSession !== undefined && !retried) {
        await res.body?.cancel();
        watchdog.stop(); // the renewal and the retry have their own bounds
        this.o.print('mcp-oauth proxy: the server ended the session (404); starting a new one');
        await this.renew(sentSession);
        return await this.exchange(message, id, f, true);
      }
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel();
        throw new RelayError('auth', `mcp-oauth proxy: the server refused the authorization (HTTP ${res.status})`, res.status);
      }
      this.established = true;
      if (!res.ok || res.status === 202 || !res.body) {
        // A modern server answers some failures (unsupported version, unknown method, header
        // mismatch) with a JSON-RPC error for the request: relay it as it is.
        const relayed = res.body ? await this.errorBody(res, id, watchdog.touch, f.controller.signal) : undefined;
        // HeaderMismatch on a tools/call: the tool's x-mcp-header annotations are not known (or
        // changed); list the tools, then retry once (2026-07-28 Streamable HTTP § Client Behavior).
        if (relayed && f.modern && method === 'tools/call' && !retried && (relayed['error'] as Json)['code'] === HEADER_MISMATCH) {
          watchdog.stop();
          if (await this.refreshTools(message, f.controller.signal)) return await this.exchange(message, id, f, true);
        }
        if (relayed) { await this.o.send(relayed); return; }
        throw new RelayError('http', `mcp-oauth proxy: the server answered HTTP ${res.status}${res.ok ? ' without a response' : ''}`, res.status);
      }
      if (!f.modern && method === 'initialize') {
        const sid = res.headers.get('mcp-session-id');
        this.session = sid !== null && SESSION.test(sid) ? sid : undefined;
        this.era = 'legacy';
        this.initRequest = message;
      }
      if (f.modern) { this.era = 'modern'; this.lastModernVersion = version; }
      const final = await this.relayAnswer(res, id, watchdog.touch, f.controller.signal, !f.modern);
      await this.o.send(this.transform(method, final, f.modern));
    } catch (e) {
      if (f.controller.signal.aborted && f.controller.signal.reason instanceof RelayError) throw f.controller.signal.reason;
      throw classify(e);
    } finally {
      watchdog.stop();
    }
  }

  /** Lists the tools (all pages, bounded) with the request's `_meta`, to learn their annotations. */
  private async refreshTools(like: Json, signal: AbortSignal): Promise<boolean> {
    const params = isObject(like['params']) ? like['params'] : {};
    const version = modernVersion(like)!;
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const id = `mcp-oauth-proxy-tools-${++this.internalIds}`;
      const message: Json = { jsonrpc: '2.0', id, method: 'tools/list', params: { ...(cursor !== undefined ? { cursor } : {}), ...(isObject(params['_meta']) ? { _meta: params['_meta'] } : {}) } };
      const controller = new AbortController();
      const onAbort = (): void => controller.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      const watchdog = this.watchdog(controller);
      try {
        const res = await this.post(message, requestHeaders(message, version, this.tools), controller.signal);
        if (!res.ok || !res.body) { await res.body?.cancel(); return false; }
        const final = await this.relayAnswer(res, id, watchdog.touch, controller.signal, false);
        const result = final['result'];
        if (!isObject(result)) return false;
        this.transform('tools/list', final, true);
        cursor = typeof result['nextCursor'] === 'string' ? result['nextCursor'] : undefined;
        if (cursor === undefined) return true;
      } catch {
        return false;
      } finally {
        watchdog.stop();
        signal.removeEventListener('abort', onAbort);
      }
    }
    return true;
  }

  private async notification(message: Json): Promise<void> {
    const method = message['method'] as string;
    if (method === 'notifications/cancelled') {
      const params = isObject(message['params']) ? message['params'] : {};
      const target = isId(params['requestId']) ? this.inflight.get(keyOf(params['requestId'])) : undefined;
      if (target) { target.cancelled = true; target.controller.abort(); }
      // 2026-07-28: closing the response stream is the cancellation; nothing is posted.
      if (target?.modern || (!target && this.era === 'modern')) return;
    }
    if (method === 'notifications/initialized' && this.era === 'legacy') this.initialized = message;
    const version = modernVersion(message) ?? (this.era === 'modern' ? this.lastModernVersion : undefined);
    const headers = version !== undefined ? requestHeaders(message, version, this.tools) : this.legacyHeaders();
    await this.postSmall(message, headers, `notification ${method}`);
    if (method === 'notifications/initialized' && this.era === 'legacy') this.openGetStream();
  }

  private async response(message: Json): Promise<void> {
    if (this.era === 'modern') {
      this.o.print('mcp-oauth proxy: dropped a response from the host (the 2026-07-28 wire carries no client responses)');
      return;
    }
    await this.postSmall(message, this.legacyHeaders(), 'response');
  }

  /** POSTs a notification or response (its own bound on concurrency, so answers never wait behind requests). */
  private async postSmall(message: Json, headers: Record<string, string>, what: string): Promise<void> {
    if (this.notifying >= this.o.maxConcurrentRequests) {
      this.o.print(`mcp-oauth proxy: dropped a ${what.split(' ')[0]} from the host: too many in flight`);
      return;
    }
    this.notifying++;
    const controller = new AbortController();
    const watchdog = this.watchdog(controller);
    try {
      await this.renewing;
      const res = await this.post(message, headers, controller.signal);
      await res.body?.cancel();
      if (res.status === 404 && headers['mcp-session-id'] !== undefined && this.initRequest) await this.renew(headers['mcp-session-id']);
      if (!res.ok) this.o.print(`mcp-oauth proxy: the server answered HTTP ${res.status} to a ${safe(what)}`);
    } catch (e) {
      if (!this.closed) this.o.print(`mcp-oauth proxy: ${describe(classify(e))} (${safe(what)})`);
    } finally {
      watchdog.stop();
      this.notifying--;
    }
  }

  private post(message: Json, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    return untilAborted(this.o.fetch(this.o.url, {
      method: 'POST', redirect: 'manual', signal, body: JSON.stringify(message),
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    }), signal);
  }

  private legacyHeaders(initialize = false): Record<string, string> {
    if (initialize) return {};
    return {
      ...(this.legacyVersion !== undefined || this.era === 'legacy' ? { 'mcp-protocol-version': this.legacyVersion ?? LEGACY_VERSION } : {}),
      ...(this.session !== undefined ? { 'mcp-session-id': this.session } : {}),
    };
  }

  // ---- remote → host ------------------------------------------------------------------------

  /**
   * Relays the messages of an answer to the host until the response to `id`, which it returns
   * (not sent). The stream is not read further. A legacy stream that ends early is resumed with
   * Last-Event-ID (GET), three times at most.
   */
  private async relayAnswer(res: Response, id: Id, touch: () => void, signal: AbortSignal, resumable: boolean): Promise<Json> {
    let lastEventId: string | undefined;
    let retryMs = 1000;
    for (let attempt = 0; ; attempt++) {
      for await (const event of readEvents(res, { maxMessageBytes: this.o.maxMessageBytes, onBytes: touch, signal })) {
        if (event.id !== undefined) lastEventId = event.id;
        if (event.retryMs !== undefined) retryMs = Math.min(event.retryMs, 30_000);
        const final = await this.relayEvent(event.data, id);
        if (final) return final;
      }
      if (!resumable || lastEventId === undefined || this.session === undefined || attempt >= 3) {
        throw new RelayError('no-response', 'mcp-oauth proxy: the server\'s answer ended without a response to the request');
      }
      await sleep(retryMs, signal);
      if (signal.aborted) throw signal.reason;
      res = await untilAborted(this.o.fetch(this.o.url, { method: 'GET', redirect: 'manual', signal, headers: { accept: 'text/event-stream', ...this.legacyHeaders(), 'last-event-id': lastEventId } }), signal);
      touch();
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw new RelayError('no-response', `mcp-oauth proxy: resuming the server's answer failed (HTTP ${res.status})`, res.status);
      }
    }
  }

  /** Sends the messages of one event to the host; returns the response to `id` when it is there. */
  private async relayEvent(data: string, id: Id | undefined): Promise<Json | undefined> {
    let value: unknown;
    try { value = JSON.parse(data); } catch {
      this.o.print('mcp-oauth proxy: ignored a message from the server that is not JSON');
      return undefined;
    }
    let final: Json | undefined;
    for (const m of Array.isArray(value) ? value : [value]) {
      if (!isObject(m) || m['jsonrpc'] !== '2.0') { this.o.print('mcp-oauth proxy: ignored a message from the server that is not JSON-RPC 2.0'); continue; }
      const isResponse = typeof m['method'] !== 'string' && ('result' in m || 'error' in m);
      if (isResponse && id !== undefined && m['id'] === id) final = m;
      else if (typeof m['method'] === 'string' || (isResponse && isId(m['id']))) await this.o.send(m);
      else this.o.print('mcp-oauth proxy: ignored a malformed message from the server');
    }
    return final;
  }

  private async errorBody(res: Response, id: Id, touch: () => void, signal: AbortSignal): Promise<Json | undefined> {
    try {
      for await (const event of readEvents(res, { maxMessageBytes: Math.min(this.o.maxMessageBytes, 1 << 20), onBytes: touch, signal })) {
        const v: unknown = JSON.parse(event.data);
        if (isObject(v) && v['jsonrpc'] === '2.0' && v['id'] === id && isObject(v['error'])) return v;
      }
    } catch { /* not a JSON-RPC error */ }
    return undefined;
  }

  private transform(method: string, final: Json, modern: boolean): Json {
    const result = final['result'];
    if (!isObject(result)) return final;
    if (!modern && method === 'initialize' && typeof result['protocolVersion'] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(result['protocolVersion'])) {
      this.legacyVersion = result['protocolVersion'];
    }
    if (modern && method === 'tools/list') {
      const filtered = filterTools(result, this.tools, (name, reason) => this.o.print(`mcp-oauth proxy: left tool "${safe(name)}" out of tools/list: ${safe(reason, 200)}`));
      return filtered === result ? final : { ...final, result: filtered };
    }
    return final;
  }

  /** A new session after a 404: the host's initialize (own id, answer kept here) and initialized again. */
  private renew(oldSession: string): Promise<void> {
    if (this.session !== oldSession) return this.renewing ?? Promise.resolve();
    this.renewing ??= (async () => {
      const init = this.initRequest;
      if (!init || ++this.renewals > 100) throw new RelayError('http', 'mcp-oauth proxy: the server ended the session and it cannot be started again (HTTP 404)', 404);
      this.getStream?.abort();
      this.session = undefined;
      const id = `mcp-oauth-proxy-initialize-${this.renewals}`;
      const controller = new AbortController();
      const watchdog = this.watchdog(controller);
      try {
        const res = await this.post({ ...init, id }, {}, controller.signal);
        if (!res.ok || !res.body) { await res.body?.cancel(); throw new RelayError('http', `mcp-oauth proxy: starting a new session failed (HTTP ${res.status})`, res.status); }
        const sid = res.headers.get('mcp-session-id');
        this.session = sid !== null && SESSION.test(sid) ? sid : undefined;
        const final = await this.relayAnswer(res, id, watchdog.touch, controller.signal, false);
        if (!isObject(final['result'])) throw new RelayError('http', 'mcp-oauth proxy: starting a new session failed (initialize error)');
        this.transform('initialize', final, false);
      } finally { watchdog.stop(); }
      if (this.initialized) {
        const res = await this.post(this.initialized, this.legacyHeaders(), AbortSignal.timeout(this.o.idleTimeoutMs));
        await res.body?.cancel();
        this.openGetStream();
      }
    })().catch((e: unknown) => { throw classify(e); }).finally(() => { this.renewing = undefined; });
    return this.renewing;
  }

  /** The standalone GET stream of a legacy session: reopened (Last-Event-ID) until 405 or exit. */
  private openGetStream(): void {
    if (this.closed || this.session === undefined) return;
    this.getStream?.abort();
    const stop = new AbortController();
    this.getStream = stop;
    const session = this.session;
    this.track((async () => {
      let delay = 1000;
      while (!stop.signal.aborted && !this.closed && this.session === session) {
        // One attempt: its own controller, so an idle stream (a quiet server) is simply reopened.
        const attempt = new AbortController();
        const onStop = (): void => attempt.abort();
        stop.signal.addEventListener('abort', onStop, { once: true });
        const watchdog = this.watchdog(attempt);
        try {
          const res = await untilAborted(this.o.fetch(this.o.url, {
            method: 'GET', redirect: 'manual', signal: attempt.signal,
            headers: { accept: 'text/event-stream', ...this.legacyHeaders(), ...(this.getLastEventId !== undefined ? { 'last-event-id': this.getLastEventId } : {}) },
          }), attempt.signal);
          if (res.status === 404 && this.initRequest) { await res.body?.cancel(); await this.renew(session); return; }
          if (!res.ok || !res.body) { await res.body?.cancel(); return; } // 405: the server offers no GET stream
          for await (const event of readEvents(res, { maxMessageBytes: this.o.maxMessageBytes, onBytes: watchdog.touch, signal: attempt.signal })) {
            if (event.id !== undefined) this.getLastEventId = event.id;
            if (event.retryMs !== undefined) delay = Math.min(Math.max(event.retryMs, 100), 30_000);
            await this.relayEvent(event.data, undefined);
          }
        } catch (e) {
          if (stop.signal.aborted || this.closed) return;
          const idle = attempt.signal.reason instanceof RelayError && attempt.signal.reason.reason === 'idle';
          if (!idle) {
            this.o.print(`mcp-oauth proxy: the server's event stream failed (${describe(classify(e))}); reopening`);
            delay = Math.min(delay * 2, 30_000);
          }
        } finally {
          watchdog.stop();
          stop.signal.removeEventListener('abort', onStop);
        }
        await sleep(delay, stop.signal);
      }
    })());
  }

  /** Aborts `controller` with an `idle` RelayError when nothing arrives for idleTimeoutMs. */
  private watchdog(controller: AbortController): { touch: () => void; stop: () => void } {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fire = (): void => controller.abort(new RelayError('idle', `mcp-oauth proxy: nothing came from the server for ${Math.round(this.o.idleTimeoutMs / 1000)} s`));
    const touch = (): void => { clearTimeout(timer); timer = setTimeout(fire, this.o.idleTimeoutMs); };
    touch();
    return { touch, stop: () => clearTimeout(timer) };
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) { resolve(); return; }
    const timer = setTimeout(() => { signal.removeEventListener('abort', done); resolve(); }, ms);
    const done = (): void => { clearTimeout(timer); resolve(); };
    signal.addEventListener('abort', done, { once: true });
  });
}

/** `p`, or a rejection as soon as `signal` aborts (a fetch that ignores its signal cannot hold a request). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then((v) => {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted && v instanceof Response) void v.body?.cancel().catch(() => {}); // came too late
      resolve(v);
    }, (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); });
  });
}

/** Text chosen by the server, made safe for a terminal: printable ASCII only, length-bounded. */
const safe = (s: string, max = 80): string => s.replace(/[^\x20-\x7e]/g, '?').slice(0, max);

/** A failure as a RelayError: sign-in errors, connection errors, bounds. */
function classify(e: unknown): RelayError {
  if (e instanceof RelayError) return e;
  if (e instanceof StreamLimitError) return new RelayError('too-large', `mcp-oauth proxy: ${e.message}`);
  const name = e instanceof Error ? e.name : '';
  if (name === 'ClientFlowError' || name === 'CliError' || name === 'NodeError') {
    return new RelayError('auth', `mcp-oauth proxy: authorization failed (${String((e as { code?: unknown }).code)})`);
  }
  if (e instanceof TypeError) return new RelayError('unreachable', 'mcp-oauth proxy: the server cannot be reached');
  if (name === 'AbortError' || name === 'TimeoutError') return new RelayError('idle', 'mcp-oauth proxy: the request was aborted');
  return new RelayError('bad-answer', 'mcp-oauth proxy: the server\'s answer could not be read');
}

export function errorOf(id: Id | null, code: number, message: string, data?: Json): Json {
  return { jsonrpc: '2.0', id, error: { code, message, ...(data ? { data } : {}) } };
}
