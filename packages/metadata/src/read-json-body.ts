import { MetadataError, type MetadataErrorCode } from './errors';

/** Bounds for {@link readJsonBody} and the `process*` functions. */
export interface ReadJsonOptions {
  /** Largest body accepted, in bytes after any content decoding. Default 65 536. */
  maxBytes?: number;
  /** Deepest nesting of arrays and objects accepted. Default 32. */
  maxDepth?: number;
  /** Milliseconds allowed for reading the body when no `signal` is given. Default 10 000. */
  timeout?: number;
  /** Aborts the read (code `Timeout`); replaces the default deadline. */
  signal?: AbortSignal;
}

/**
 * Reads an untrusted JSON body within bounds and parses it to `unknown`. The content type must be
 * `application/json` or `application/*+json`; a `Content-Length` over `maxBytes` is refused before
 * reading, and the stream is counted while read (after gzip/br decoding, so a compression bomb is
 * cut off at `maxBytes`) and cancelled when the cap, the deadline or the signal is hit. The text
 * must be valid UTF-8, nest at most `maxDepth` deep (checked by a linear scan before `JSON.parse`),
 * and parse as JSON. Checking the status and that the value is a plain object is the caller's job.
 *
 * @throws {MetadataError} `InvalidResponse` (content type, UTF-8, depth, JSON), `BodyTooLarge`,
 * `Timeout`. Messages never contain the body.
 * @throws {TypeError} when `response` is not a Response.
 * @example
 * ```ts
 * import { readJsonBody } from '@mcp-oauth/metadata';
 * declare const url: string;
 * const body = await readJsonBody(await fetch(url), { maxBytes: 5120, timeout: 5000 });
 * if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new TypeError('expected a JSON object');
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-9 (parsers may limit size and depth)
 */
export async function readJsonBody(response: Response, options: ReadJsonOptions = {}): Promise<unknown> {
  const { maxBytes = 65536, maxDepth = 32, signal = AbortSignal.timeout(options.timeout ?? 10000) } = options;
  const headers = response.headers;
  let code: MetadataErrorCode | undefined;
  if (!/^application\/([\w.-]+\+)?json *(;|$)/i.test(headers.get('content-type') ?? '')) code = 'InvalidResponse';
  else if (Number(headers.get('content-length')) > maxBytes) code = 'BodyTooLarge';
  let text = '';
  let total = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    // A body refused up front is cancelled unread; otherwise pipeTo cancels it when the sink throws
    // (the cap is passed) or the signal fires (the deadline), so no byte past the cap is read.
    const body = response.body;
    await (code ? body?.cancel() : body?.pipeTo(
      new WritableStream({
        write(chunk: Uint8Array) {
          if ((total += chunk.byteLength) > maxBytes) throw 0;
          text += decoder.decode(chunk, { stream: true });
        },
      }),
      { signal },
    ));
    if (code) throw 0;
    text += decoder.decode();
    // Depth, by a linear scan that skips string literals: q is 0 outside a string, 1 inside, 2 after a backslash.
    let depth = 0;
    let q = 0;
    for (const c of text) {
      if (q) q = q > 1 ? 1 : c === '\\' ? 2 : c === '"' ? 0 : 1;
      else if (c === '"') q = 1;
      else if (c === '[' || c === '{') {
        if (++depth > maxDepth) throw 0;
      } else if (c === ']' || c === '}') depth--;
    }
    return JSON.parse(text);
  } catch {
    throw new MetadataError(code ?? (total > maxBytes ? 'BodyTooLarge' : signal.aborted ? 'Timeout' : 'InvalidResponse'));
  }
}
