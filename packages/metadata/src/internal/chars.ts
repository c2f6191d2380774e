// RFC 9110 §5.6.2 token (1*tchar) and §11.2 token68, as sticky single-class patterns (linear).
export const TOKEN: RegExp = /[\w!#$%&'*+.^`|~-]*/y;
export const TOKEN68: RegExp = /([\w.~+/-]+=*)?/y;
export const WS: RegExp = /[ \t]*/y;
/** Any character a quoted-string may not carry, even escaped: controls other than HTAB, DEL, above U+00FF. */
export const NOT_QDTEXT: RegExp = /[^\t -~\x80-\xff]/;
/** A whole token: one or more tchars, nothing else. */
export const isToken = (s: unknown): s is string => typeof s === 'string' && /^[\w!#$%&'*+.^`|~-]+$/.test(s);
