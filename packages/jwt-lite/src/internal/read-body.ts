import { fail } from '../errors';

/** Reads a response body of at most `max` bytes; a larger declared or streamed body is cut off and refused. */
export async function readBody(res: Response, max: number): Promise<Uint8Array> {
  const declared = res.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= max)) {
    await res.body?.cancel().catch(() => {});
    fail('JwksFetchFailed');
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      fail('JwksFetchFailed');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
