/**
 * The parts of a Node `IncomingMessage` (or Express `Request`) the adapter reads: method, URL,
 * headers, socket address, and the body as an async iterable of chunks.
 */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string | undefined;
  url?: string | undefined;
  /** Express sets this to the URL before any router mount path was stripped. */
  originalUrl?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string | undefined; encrypted?: boolean | undefined } | null | undefined;
}

/** The parts of a Node `ServerResponse` (or Express `Response`) the adapter writes to. */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  readonly writableFinished?: boolean;
  writeHead(status: number, headers: Record<string, string | string[]>): unknown;
  write(chunk: Uint8Array): boolean;
  end(chunk?: Uint8Array): unknown;
  destroy(error?: Error): unknown;
  on(event: 'close' | 'drain', listener: () => void): unknown;
  off(event: 'close' | 'drain', listener: () => void): unknown;
}

/** A Fetch handler, as `server-flow`'s `as.handle` or any `(Request) => Response` function. */
export type FetchHandler = (request: Request, context: { clientAddress?: string }) => Response | Promise<Response>;
