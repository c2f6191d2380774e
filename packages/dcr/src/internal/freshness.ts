/**
 * Seconds a response may be reused as a shared cache would (RFC 9111 §5.2): `no-store`,
 * `no-cache` or `private` → 0; else `s-maxage`, then `max-age`, minus `Age`; else `fallback`.
 * Always clamped to `[0, ceiling]`.
 */
export function freshness(headers: Headers, ceiling: number, fallback: number): number {
  const cc = (headers.get('cache-control') ?? '').toLowerCase();
  if (/(^|[\s,])(no-store|no-cache|private)\b/.test(cc)) return 0;
  const m = /(?:^|[\s,])s-maxage\s*=\s*"?(\d{1,10})/.exec(cc) ?? /(?:^|[\s,])max-age\s*=\s*"?(\d{1,10})/.exec(cc);
  const age = Number(/^\d{1,10}$/.exec(headers.get('age') ?? '')?.[0] ?? 0);
  return Math.max(0, Math.min(ceiling, m ? Number(m[1]) - age : fallback));
}
