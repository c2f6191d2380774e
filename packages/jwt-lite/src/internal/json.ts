import { fail, type JwtErrorCode } from '../errors';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Whether valid JSON text has no duplicate member name in any object, no `__proto__` member and no
 * nesting deeper than 32, judged from the text itself: each object's names are collected (each
 * decoded on its own), so the verdict never rests on the keys JSON.parse made.
 * It must not: Node 26.10's JSON.parse, after many calls, has been seen to turn one of two equal
 * escaped names (`"a\""`) into another (`"a\\"`), and a count of parsed members then matched a
 * duplicate's count of names (a test found it; repeated on the Node 26 binary, not on 22 or 24).
 */
function namesOk(text: string): boolean {
  const stack: (Set<string> | false)[] = [];
  let prev = ''; // the last character outside strings that is not white space
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      while (text[++i] !== '"') if (text[i] === '\\') i++;
      const names = stack.at(-1);
      // a name: a string right after `{` or `,` in an object
      if (names && (prev === '{' || prev === ',')) {
        const name: string = JSON.parse(text.slice(start, i + 1));
        if (name === '__proto__' || names.size === names.add(name).size) return false;
      }
    } else if (c === '{' || c === '[') {
      // the top-level object is depth 0: a container at depth 33 is refused
      if (stack.push(c === '{' && new Set()) > 33) return false;
    } else if (c === '}' || c === ']') stack.pop();
    if (c > ' ') prev = c;
  }
  return true;
}

/**
 * Parses untrusted JSON text (or strict UTF-8 bytes of it: invalid sequences refused, a BOM kept and
 * so refused by JSON.parse) that must be an object (RFC 7515 §5.2 step 3, RFC 7519 §7.2 step 10):
 * duplicate member names are refused, so are `__proto__` members and nesting deeper than 32. The
 * result is a fresh plain object.
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
  if (!value || typeof value !== 'object' || Array.isArray(value) || !namesOk(text)) fail(code);
  return value as Record<string, unknown>;
}
