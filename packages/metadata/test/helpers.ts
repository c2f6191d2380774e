// Response factories for tests (no sockets).
export const json = (body: unknown, init: ResponseInit = {}): Response =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status: 200,
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
  });

/** A body that yields `chunks` then never ends (a stalled trickle), counting pulls. */
export function stalled(chunks: Uint8Array[]): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  let n = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (n < chunks.length) c.enqueue(chunks[n++] as Uint8Array);
      else return new Promise<void>(() => {});
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

export const codeOf = async (p: Promise<unknown> | (() => unknown)): Promise<string> => {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return (e as { code?: string }).code ?? (e as Error).name;
  }
  return 'ok';
};
