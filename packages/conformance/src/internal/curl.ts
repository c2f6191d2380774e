// A recorded request as a replayable curl command, secrets replaced by placeholders.

/** A request as the kit sent it (the body is kept as text; every body the kit sends is text). */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

const SECRET_PARAMS = new Set(['code', 'code_verifier', 'refresh_token', 'access_token', 'client_secret', 'token', 'client_assertion', 'assertion', 'registration_access_token']);

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const clip = (s: string, max = 2048): string => (s.length > max ? `${s.slice(0, max)}…<${s.length - max} more characters>` : s);

function redactParams(text: string): string {
  const p = new URLSearchParams(text);
  let changed = false;
  for (const k of new Set(p.keys())) {
    if (SECRET_PARAMS.has(k)) { p.set(k, `<${k}>`); changed = true; }
  }
  return changed ? p.toString().replace(/%3C/g, '<').replace(/%3E/g, '>') : text;
}

function redactUrl(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q + 1) + redactParams(url.slice(q + 1));
}

/** Whether `value` carries a secret or a recognisable piece of one (a segment of 16+ characters). */
function secretish(value: string, secrets: readonly string[]): boolean {
  for (const s of secrets) {
    if (value.includes(s)) return true;
    for (const seg of s.split('.')) if (seg.length >= 16 && value.includes(seg)) return true;
  }
  return false;
}

function redactHeader(name: string, value: string, secrets: readonly string[]): string {
  const n = name.toLowerCase();
  if (n === 'authorization') {
    const scheme = /^\S+/.exec(value)?.[0] ?? '';
    // A token the kit made up (forged, malformed) is the counterexample itself: shown, clipped.
    if (/^bearer$/i.test(scheme)) return secretish(value, secrets) ? `${scheme} <token>` : clip(value, 512);
    if (/^basic$/i.test(scheme)) return `${scheme} <client-credentials>`;
    return `${scheme} <credentials>`;
  }
  if (n === 'cookie' || n === 'dpop') return `<${n}>`;
  return clip(value);
}

function redactBody(body: string, contentType: string): string {
  if (/json/i.test(contentType)) {
    return clip(body.replace(/"(client_secret|access_token|refresh_token|registration_access_token|code)"\s*:\s*"[^"]*"/g, '"$1":"<$1>"'));
  }
  return clip(redactParams(body));
}

/**
 * The request as one `curl` command that replays it (`-i` shows the status and headers). Tokens,
 * codes, verifiers and client secrets (by parameter name, Basic credentials, and any bearer value
 * carrying one of `secrets`) are replaced by `<name>` placeholders; a bearer value the kit made up
 * is shown, since it is the counterexample. Oversized values are clipped with their length noted.
 */
export function toCurl(r: RecordedRequest, secrets: readonly string[] = []): string {
  const parts = ['curl -i'];
  if (r.method !== 'GET' || r.body !== undefined) parts.push(`-X ${r.method}`);
  for (const [k, v] of Object.entries(r.headers)) parts.push(`-H ${quote(`${k}: ${redactHeader(k, v, secrets)}`)}`);
  if (r.body !== undefined) parts.push(`--data-raw ${quote(redactBody(r.body, r.headers['content-type'] ?? ''))}`);
  parts.push(quote(clip(redactUrl(r.url))));
  return parts.join(' ');
}
