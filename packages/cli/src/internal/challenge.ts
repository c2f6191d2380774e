// A bounded parser for the Bearer challenge of a WWW-Authenticate header (RFC 9110 §11.6.1, RFC 6750 §3).

/** The parameters of the first Bearer challenge. */
export interface BearerChallenge {
  readonly params: ReadonlyMap<string, string>;
  readonly resourceMetadata?: string;
  readonly scope?: string;
  readonly error?: string;
}

/** The first `Bearer` challenge of a `WWW-Authenticate` value, or `undefined` when there is none. */
export function parseBearerChallenge(header: string | null): BearerChallenge | undefined {
  if (!header || header.length > 8192) return undefined;
  const re = /([\w.+-]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,"]*))?/g;
  let scheme = '';
  let params = new Map<string, string>();
  for (const m of header.matchAll(re)) {
    const [, name = '', value] = m;
    if (value === undefined) {
      if (scheme.toLowerCase() === 'bearer') break;
      scheme = name;
      params = new Map();
      continue;
    }
    const key = name.toLowerCase();
    if (!params.has(key)) params.set(key, value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value);
  }
  if (scheme.toLowerCase() !== 'bearer') return undefined;
  const rm = params.get('resource_metadata'), scope = params.get('scope'), error = params.get('error');
  return { params, ...(rm !== undefined ? { resourceMetadata: rm } : {}), ...(scope !== undefined ? { scope } : {}), ...(error !== undefined ? { error } : {}) };
}
