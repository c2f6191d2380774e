// One bounded reader for the bodies of Streamable HTTP answers: a JSON body (one message) or an
// SSE stream (HTML Living Standard §9.2.6 "Interpreting an event stream"), yielding the data of
// each event. Bounded: one message (an event's lines, or the JSON body) at most `maxMessageBytes`
// (UTF-16 code units of the decoded text, which never exceed its bytes), the whole answer at most
// `maxTotalBytes`; reading stops when `signal` aborts. Used by `tools`/`call` and by `proxy`.

/** One event of the answer: its data, and the SSE `id`/`retry` fields seen so far. */
export interface StreamEvent {
  readonly data: string;
  /** The last event id of the stream (SSE `id:`), for `Last-Event-ID`. */
  readonly id?: string;
  /** The reconnection time the server asked for (SSE `retry:`), in milliseconds. */
  readonly retryMs?: number;
}

export interface ReadOptions {
  readonly maxMessageBytes: number;
  /** Default: no bound beyond the per-message one. */
  readonly maxTotalBytes?: number;
  /** Called for every chunk of bytes received (comments included): activity for idle bounds. */
  readonly onBytes?: () => void;
  readonly signal?: AbortSignal;
}

/** Why a body could not be read to its end. */
export class StreamLimitError extends Error {
  readonly kind: 'message' | 'total';
  readonly limit: number;
  constructor(kind: 'message' | 'total', limit: number) {
    super(kind === 'message' ? `a message of the answer is larger than ${limit} bytes` : `the answer is larger than ${limit} bytes`);
    this.name = 'StreamLimitError';
    this.kind = kind;
    this.limit = limit;
  }
}

/** Whether `res` is an SSE stream (else its body is one JSON value). */
export const isEventStream = (res: Response): boolean => (res.headers.get('content-type') ?? '').toLowerCase().startsWith('text/event-stream');

/**
 * Reads `res`'s body as SSE events (or one JSON body), bounded. Breaking out of the loop cancels
 * the body. Throws {@link StreamLimitError} past a bound and the body's own error otherwise.
 */
export async function* readEvents(res: Response, options: ReadOptions): AsyncGenerator<StreamEvent> {
  if (!res.body) return;
  const sse = isEventStream(res);
  const { maxMessageBytes: max, maxTotalBytes: total = Infinity } = options;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const onAbort = (): void => void reader.cancel(options.signal?.reason).catch(() => {});
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let size = 0;
  let line = ''; // the unterminated line
  let data: string[] = [];
  let dataSize = 0;
  let id: string | undefined;
  let retryMs: number | undefined;
  let body = '';
  const field = (l: string): StreamEvent | undefined => {
    if (l === '') {
      if (data.length === 0) return undefined;
      const ev: StreamEvent = { data: data.join('\n'), ...(id !== undefined ? { id } : {}), ...(retryMs !== undefined ? { retryMs } : {}) };
      data = [];
      dataSize = 0;
      return ev;
    }
    if (l.startsWith(':')) return undefined; // a comment (keep-alive)
    const colon = l.indexOf(':');
    const name = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') {
      dataSize += value.length + 1;
      if (dataSize > max) throw new StreamLimitError('message', max);
      data.push(value);
    } else if (name === 'id' && !value.includes('\0')) id = value;
    else if (name === 'retry' && /^\d{1,9}$/.test(value)) retryMs = Number(value);
    return undefined;
  };
  try {
    if (options.signal?.aborted) throw options.signal.reason;
    for (;;) {
      const { done, value } = await reader.read();
      if (options.signal?.aborted) throw options.signal.reason; // a cancelled read ends as `done`
      if (value) {
        options.onBytes?.();
        size += value.byteLength;
        if (size > total) throw new StreamLimitError('total', total);
      }
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      if (!sse) {
        body += text;
        if (body.length > max) throw new StreamLimitError('message', max);
        if (done) {
          if (body.trim() !== '') yield { data: body };
          return;
        }
        continue;
      }
      // The carried line holds no line break but perhaps a last CR: scan the new text only.
      const from = Math.max(0, line.length - 1);
      line += text;
      // Lines end with CRLF, LF or CR; a CR at the end may be the first half of a CRLF.
      let start = 0;
      const events: StreamEvent[] = [];
      for (let i = from; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        if (c === 13 && i === line.length - 1 && !done) break;
        const ev = field(line.slice(start, i));
        if (ev) events.push(ev);
        if (c === 13 && line.charCodeAt(i + 1) === 10) i++;
        start = i + 1;
      }
      line = line.slice(start);
      if (line.length + dataSize > max) throw new StreamLimitError('message', max);
      for (const ev of events) yield ev;
      if (done) return; // an unterminated last event is discarded (§9.2.6)
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await reader.cancel().catch(() => {});
  }
}
