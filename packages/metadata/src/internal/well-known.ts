import { assertSafeUrl } from '../assert-safe-url';
import { MetadataError } from '../errors';

/** RFC 8414 §3.1 / RFC 9728 §3.1: the path with one terminating "/" removed ("" for the root). */
export const trimmedPath = (u: URL): string => u.pathname.replace(/\/$/, '');

/** An issuer identifier (RFC 8414 §2): a safe https URL with no query and no fragment. */
export function issuerUrl(issuer: string): URL {
  const u = assertSafeUrl(issuer);
  if (u.href.includes('?')) throw new MetadataError('InsecureUrl');
  return u;
}
