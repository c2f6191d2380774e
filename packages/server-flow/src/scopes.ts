/**
 * Whether one granted scope covers one needed scope. A scope covers itself; a scope ending in
 * `:*` covers every scope that extends its prefix by one or more segments (`mcp:exec:*` covers
 * `mcp:exec:workflows` and `mcp:exec:workflows:run`, and the narrower wildcard `mcp:exec:workflows:*`,
 * but not `mcp:exec` itself nor `mcp:executor`). A bare `*` is an ordinary scope name, never "all".
 *
 * @throws {TypeError} when an argument is not a string.
 * @example
 * ```ts
 * import { scopeCovers } from '@mcp-oauth/server-flow'
 * scopeCovers('mcp:exec:workflows:*', 'mcp:exec:workflows:run') // true
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function scopeCovers(granted: string, needed: string): boolean {
  if (typeof granted !== 'string' || typeof needed !== 'string') throw new TypeError('scopes must be strings');
  if (granted === needed) return true;
  if (granted.length < 3 || !granted.endsWith(':*')) return false;
  const prefix = granted.slice(0, -1);
  return needed.length > prefix.length && needed.startsWith(prefix);
}

/**
 * The scopes of `needed` that no scope of `granted` covers (see {@link scopeCovers}), in order.
 * An empty result means the grant suffices.
 *
 * @throws {TypeError} when an argument is not an array of strings.
 * @example
 * ```ts
 * import { missingScopes } from '@mcp-oauth/server-flow'
 * missingScopes(['mcp:read'], ['mcp:read', 'mcp:write']) // ['mcp:write']
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function missingScopes(granted: readonly string[], needed: readonly string[]): string[] {
  if (!Array.isArray(granted) || !Array.isArray(needed)) throw new TypeError('scopes must be arrays');
  const out: string[] = [];
  for (const n of needed) {
    let ok = false;
    for (const g of granted) if (scopeCovers(g, n)) { ok = true; break; }
    if (!ok && !out.includes(n)) out.push(n);
  }
  return out;
}

const MAX_SCOPES = 64;
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Splits an RFC 6749 `scope` string into its scope tokens, without duplicates. `undefined` or
 * an empty string gives `[]`.
 *
 * @throws {TypeError} when `value` is neither a string nor undefined.
 * @throws {RangeError} when a token has a character outside RFC 6749 §3.3 `scope-token`, or
 * tokens are separated by anything but single spaces, or there are more than 64 tokens.
 * @example
 * ```ts
 * import { parseScope } from '@mcp-oauth/server-flow'
 * parseScope('mcp:read mcp:write') // ['mcp:read', 'mcp:write']
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function parseScope(value: string | undefined): string[] {
  if (value === undefined || value === '') return [];
  if (typeof value !== 'string') throw new TypeError('scope must be a string');
  const parts = value.split(' ');
  if (parts.length > MAX_SCOPES) throw new RangeError('too many scope tokens');
  const out: string[] = [];
  for (const token of parts) {
    if (!SCOPE_TOKEN.test(token)) throw new RangeError('invalid scope-token in scope');
    if (!out.includes(token)) out.push(token);
  }
  return out;
}
