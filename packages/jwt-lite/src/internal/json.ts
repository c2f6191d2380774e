import { fail, type JwtErrorCode } from '../errors';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const MAX_DEPTH = 32;

/** Member names in valid JSON text: the colons outside strings (strings skipped with indexOf). */
function countNames(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) n++;
    else if (c === 34) {
      // To the closing quote: the next one preceded by an even number of backslashes.
      for (let k = 1; k % 2; ) {
        i = text.indexOf('"', i + 1);
        for (k = i; text.charCodeAt(k - 1) === 92; k--);
        k = i - k;
      }
    }
  }
  return n;
}

/** Members in a parsed value (-Infinity for a `__proto__` member or nesting deeper than MAX_DEPTH). */
function countMembers(value: unknown, depth: number): number {
  if (!value || typeof value !== 'object') return 0;
  if (depth > MAX_DEPTH || Object.hasOwn(value, '__proto__')) return -Infinity;
  let n = Array.isArray(value) ? 0 : Object.keys(value).length;
  for (const v of Object.values(value)) n += countMembers(v, depth + 1);
  return n;
}

/**
 * Parses untrusted JSON text (or strict UTF-8 bytes of it: invalid sequences refused, a BOM kept and
 * so refused by JSON.parse) that must be an object (RFC 7515 §5.2 step 3, RFC 7519 §7.2 step 10):
 * duplicate member names are refused (the count of names in the text must equal the count of members
 * parsed), so are `__proto__` members and nesting deeper than 32. The result is a fresh plain object.
 */
export function parseJsonObject(input: string | Uint8Array, code: JwtErrorCode = 'JWSInvalid'): Record<string, unknown> {
  let text: string;
  let value: unknown;
  try {
    text = typeof input === 'string' ? input : decoder.decode(input);
    value = JSON.parse(text);
  } catch {
    fail(code);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(code);
  if (countMembers(value, 0) !== countNames(text)) fail(code);
  return value as Record<string, unknown>;
}
