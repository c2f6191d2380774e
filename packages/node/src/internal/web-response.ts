// A node:http response as a web `Response` whose body is pulled from the socket: nothing is
// read ahead of the consumer beyond one chunk (plus the socket's own buffers), so a byte cap
// such as readJsonBody's stops a huge body without it ever being buffered.
import type { IncomingMessage } from 'node:http';
import { networkError } from './pin-address';

/** A response plus the hook that fails its body when the caller's signal aborts. */
export interface WebResponse {
  response: Response;
  abort: (reason: unknown) => void;
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** Wraps `res`; `done` runs once when the body ends, fails or is cancelled. */
export function toWebResponse(res: IncomingMessage, method: string, url: string, done: () => void): WebResponse {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // a header value the Headers class refuses is dropped, as fetch's parser would refuse it
    }
  }
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 599) {
    res.destroy();
    done();
    throw networkError(new Error('invalid response status'));
  }
  const init = { status, statusText: res.statusMessage ?? '', headers };
  let finished = false;
  const finish = (): void => {
    if (!finished) { finished = true; done(); }
  };
  let abort: (reason: unknown) => void;
  let body: ReadableStream<Uint8Array> | null = null;
  if (method === 'HEAD' || NULL_BODY.has(status)) {
    res.resume();
    res.once('close', finish);
    abort = (reason) => { res.destroy(); finish(); void reason; };
  } else {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const fail = (e: unknown): void => {
      if (finished) return;
      finish();
      res.destroy();
      controller.error(e);
    };
    abort = fail;
    body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        res.pause();
        res.on('data', (chunk: Buffer) => {
          if (finished) return;
          c.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((c.desiredSize ?? 0) <= 0) res.pause();
        });
        res.once('end', () => {
          if (finished) return;
          finish();
          c.close();
        });
        res.once('error', (e) => fail(networkError(e)));
        res.once('close', () => { if (!res.complete) fail(networkError(new Error('the connection closed before the body ended'))); });
      },
      pull() {
        res.resume();
      },
      cancel() {
        finish();
        res.destroy();
      },
    });
  }
  const response = new Response(body, init);
  Object.defineProperty(response, 'url', { value: url });
  return { response, abort };
}
