/**
 * Compares two ASCII strings in time that depends only on their lengths, never on where they
 * first differ: no early exit, every position is read. Unequal lengths return false.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return !diff;
}
