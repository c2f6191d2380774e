// Output helpers: tokens, codes and secrets are never printed.

/**
 * `eyJhbGciOi…(redacted, 612 chars)` for a JWT (its first characters are the public header, e.g.
 * `{"alg":`), `(redacted, 43 chars)` for an opaque value (a code or refresh token), of which no
 * character is shown.
 */
export function redact(token: string | undefined): string {
  if (token === undefined) return '(none)';
  const header = token.split('.').length === 3 ? token.slice(0, Math.min(10, token.indexOf('.'))) : '';
  return `${header ? `${header}…` : ''}(redacted, ${token.length} chars)`;
}

/** The claims of a JWT, decoded without verification (for display only); `undefined` for opaque tokens. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (part === undefined || token.split('.').length !== 3) return undefined;
  try {
    const bin = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const v: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Claims on one line, with `exp`/`iat` as ISO times; `jti`/`sid` kept (they are ids, not secrets). */
export function showClaims(claims: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(claims)) {
    const shown = (k === 'exp' || k === 'iat' || k === 'nbf') && typeof v === 'number' ? new Date(v * 1000).toISOString() : JSON.stringify(v);
    parts.push(`${k}=${shown}`);
  }
  return parts.join(' ');
}

/** Printable text from a server: control characters removed and length bounded (no terminal escapes). */
export function safeText(v: unknown, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const s = String(v).replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** A URL for display: without query and fragment (they may carry codes or state). */
export function shortUrl(url: string | URL): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}
