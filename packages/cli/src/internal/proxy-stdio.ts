// The host side of `mcp-oauth proxy`: newline-delimited JSON-RPC on stdin/stdout (MCP stdio
// transport). Lines are bounded; stdout carries nothing but one JSON message per line, written in
// order and with back-pressure.

/** What the proxy reads from: `process.stdin` or any readable stream of bytes. */
export type ByteSource = AsyncIterable<Uint8Array | string>;

/** What the proxy writes to: `process.stdout` or any writable stream. */
export interface ByteSink {
  write(chunk: string): boolean;
  once(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
}

/**
 * Splits `source` into lines of at most `maxBytes` bytes; a longer line is dropped (until its
 * newline) and reported once through `onTooLong`. Empty lines are skipped.
 */
export async function* readLines(source: ByteSource, maxBytes: number, onTooLong: () => void): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let parts: Uint8Array[] = [];
  let size = 0;
  let skipping = false;
  const flush = (): string => {
    const all = new Uint8Array(size);
    let at = 0;
    for (const p of parts) { all.set(p, at); at += p.byteLength; }
    parts = [];
    size = 0;
    return decoder.decode(all).replace(/\r$/, '');
  };
  for await (const chunk of source) {
    let bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    while (bytes.byteLength > 0) {
      const nl = bytes.indexOf(10);
      const piece = nl < 0 ? bytes : bytes.subarray(0, nl);
      if (!skipping) {
        if (size + piece.byteLength > maxBytes) {
          skipping = true;
          parts = [];
          size = 0;
          onTooLong();
        } else if (piece.byteLength > 0) {
          parts.push(piece.slice());
          size += piece.byteLength;
        }
      }
      if (nl < 0) break;
      if (skipping) skipping = false;
      else {
        const line = flush();
        if (line.trim() !== '') yield line;
      }
      bytes = bytes.subarray(nl + 1);
    }
  }
  if (!skipping && size > 0) {
    const line = flush();
    if (line.trim() !== '') yield line;
  }
}

/** Writes one JSON message per line, in call order, waiting for `drain` when the sink is full. */
export function messageWriter(sink: ByteSink): (message: unknown) => Promise<void> {
  let chain = Promise.resolve();
  return (message) => {
    const line = `${JSON.stringify(message)}\n`;
    chain = chain.then(() => new Promise<void>((resolve) => {
      if (sink.write(line)) resolve();
      else { sink.once('drain', resolve); sink.once('close', resolve); sink.once('error', resolve); }
    }));
    return chain;
  };
}
