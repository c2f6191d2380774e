import { assertSafeUrl } from '../assert-safe-url';
import { MetadataError } from '../errors';
import { readJsonBody, type ReadJsonOptions } from '../read-json-body';
import { isRedirect } from './redirect';
import { issuerUrl } from './well-known';

const invalid = (): never => {
  throw new MetadataError('InvalidDocument');
};

export const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A 200 answer with a JSON object body, within the bounds of `options`. Never follows or accepts a redirect. */
export async function readDocument(response: Response, options?: ReadJsonOptions): Promise<Record<string, unknown>> {
  const redirect = isRedirect(response);
  if (redirect || response.status !== 200) {
    response.body?.cancel().catch(() => {});
    throw new MetadataError(redirect ? 'RedirectRefused' : 'InvalidResponse');
  }
  const body = await readJsonBody(response, options);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new MetadataError('InvalidResponse');
  return body as Record<string, unknown>;
}

/**
 * Member checks shared by both document kinds, by naming convention: every `*_endpoint` and
 * `jwks_uri` is a string that passes the safe-URL policy; every `*_supported` is a boolean or an
 * array of strings. Other members (documentation URLs, names) are left alone.
 */
export function checkMembers(doc: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(doc)) {
    if (k.endsWith('_endpoint') || k === 'jwks_uri') assertSafeUrl(typeof v === 'string' ? v : invalid());
    else if (k.endsWith('_supported') && typeof v !== 'boolean' && !isStrings(v)) invalid();
  }
}

/** RFC 9728 §2 plus MCP: `authorization_servers` is a non-empty array of issuer identifiers. */
export function checkProtectedResource(doc: Record<string, unknown>): void {
  const servers = doc.authorization_servers;
  if (!isStrings(servers) || !servers.length) invalid();
  for (const s of servers as string[]) issuerUrl(s);
  checkMembers(doc);
}
