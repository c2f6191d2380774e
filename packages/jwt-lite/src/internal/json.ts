import { fail, type JwtErrorCode } from '../errors';

const MAX_DEPTH = 32;

/** Member names in valid JSON text: strings followed by a colon (quotes found with indexOf). */
function countNames(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; ) {
    let j = text.indexOf('"', i + 1);
    for (;;) {
      let k = j - 1;
      while (text.charCodeAt(k) === 92) k--;
      if ((j - k) % 2) break; // an even number of backslashes before it: the closing quote
      j = text.indexOf('"', j + 1);
    }
    let c = text.charCodeAt(++j);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(++j);
    if (c === 58) n++;
    i = text.indexOf('"', j);
  }
  return n;
}

/** Members in a parsed value (-1 for a `__proto__` member or nesting deeper than MAX_DEPTH). */
function countMembers(value: unknown, depth: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth > MAX_DEPTH) return -Infinity;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) n += countMembers(item, depth + 1);
    return n;
  }
  if (Object.prototype.hasOwnProperty.call(value, '__proto__')) return -Infinity;
  for (const k of Object.keys(value)) n += 1 + countMembers((value as Record<string, unknown>)[k], depth + 1);
  return n;
}

/**
 * Parses untrusted JSON text that must be an object (RFC 7515 §5.2 step 3, RFC 7519 §7.2 step 10):
 * duplicate member names are refused (the count of names in the text must equal the count of members
 * parsed), so are `__proto__` members and nesting deeper than 32. The result is a fresh plain object.
 */
export function parseJsonObject(text: string, code: JwtErrorCode = 'JWSInvalid'): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail(code);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(code);
  if (countMembers(value, 0) !== countNames(text)) fail(code);
  return value as Record<string, unknown>;
}
