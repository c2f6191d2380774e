import { MetadataError } from './errors';
import { callerError } from './internal/caller-error';
import { NOT_QDTEXT, TOKEN, TOKEN68, WS } from './internal/chars';
import type { WwwAuthenticateChallenge } from './types';

/** Options of {@link parseWwwAuthenticate}. */
export interface ParseChallengeOptions {
  /** Longest header value accepted, in characters. Default 16 384. */
  maxLength?: number;
}

/**
 * Parses a `WWW-Authenticate` field value (one header or several joined by `, `, as
 * `Headers.get` returns them) into its challenges, by the full RFC 9110 §11.6.1 grammar: several
 * challenges, `token` or quoted-string parameter values with backslash escapes, the token68 form,
 * empty list elements. Scheme and parameter names are case-insensitive and returned lowercase. A
 * repeated parameter (in any case) is refused, as are control characters and an unterminated
 * quoted string. A hand-written scanner reads each character a bounded number of times, so the
 * cost is linear in the length, which is itself capped.
 *
 * @throws {MetadataError} `InvalidChallenge` for any syntax error, duplicate or over-long value.
 * @throws {TypeError} when `header` is not a string.
 * @example
 * ```ts
 * import { parseWwwAuthenticate } from '@mcp-oauth/metadata';
 * parseWwwAuthenticate('Bearer realm="mcp", error="invalid_token", Basic realm="x"');
 * // [{ scheme: 'bearer', params: { realm: 'mcp', error: 'invalid_token' } },
 * //  { scheme: 'basic', params: { realm: 'x' } }]
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
 */
export function parseWwwAuthenticate(header: string, options: ParseChallengeOptions = {}): WwwAuthenticateChallenge[] {
  if (typeof header !== 'string') callerError();
  const s = header;
  const n = s.length;
  const bad = (): never => {
    throw new MetadataError('InvalidChallenge');
  };
  if (n > (options.maxLength ?? 16384)) bad();
  let i = 0;
  // Each pattern is one character class, starred, and sticky: a single linear pass from `i`.
  const take = (re: RegExp): string => {
    re.lastIndex = i;
    const m = (re.exec(s) as RegExpExecArray)[0];
    i += m.length;
    return m;
  };
  const out: WwwAuthenticateChallenge[] = [];
  let cur: WwwAuthenticateChallenge | undefined;
  while (take(WS), i < n) {
    if (s[i] === ',') {
      i++;
      continue;
    }
    const name = take(TOKEN);
    const spaces = take(WS);
    if (cur && cur.token68 === undefined && name && s[i] === '=') {
      // auth-param = token BWS "=" BWS ( token / quoted-string )
      i++;
      take(WS);
      let value = '';
      if (s[i] === '"') {
        for (i++; ; ) {
          let c = s[i++];
          const escaped = c === '\\';
          if (escaped) c = s[i++];
          if (c === undefined) bad();
          if (c === '"' && !escaped) break;
          if (NOT_QDTEXT.test(c as string)) bad();
          value += c;
        }
      } else if (!(value = take(TOKEN))) bad();
      const key = name.toLowerCase();
      if (key in cur.params) bad();
      cur.params[key] = value;
      take(WS);
      if (i < n && s[i] !== ',') bad();
    } else {
      // challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
      if (!name) bad();
      out.push((cur = { scheme: name.toLowerCase(), params: Object.create(null) as Record<string, string> }));
      if (i < n && s[i] !== ',') {
        if (!spaces) bad();
        const start = i;
        const token68 = take(TOKEN68);
        take(WS);
        // A token68 stands alone; otherwise what follows is the first auth-param.
        if (token68 && (i >= n || s[i] === ',')) cur.token68 = token68;
        else i = start;
      }
    }
  }
  return out;
}
