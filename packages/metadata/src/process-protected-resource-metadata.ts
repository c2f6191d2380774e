import { MetadataError } from './errors';
import { checkProtectedResource, readDocument } from './internal/document';
import type { ReadJsonOptions } from './read-json-body';
import type { ProtectedResourceMetadata } from './types';

/**
 * Validates a protected resource metadata response (RFC 9728). In order: status 200 (a 3xx is
 * never followed), a bounded JSON object body ({@link readJsonBody}), `resource` identical, as a
 * raw string, to `expectedResource` (the MCP server being accessed; a fragment, another path or
 * host, or a trailing `/` is a mismatch), then `authorization_servers` a non-empty array of issuer
 * URLs passing {@link assertSafeUrl} without query, `jwks_uri` safe, and `*_supported` well-typed.
 *
 * @throws {MetadataError} `ResourceMismatch`, `InvalidDocument` (e.g. no authorization server),
 * `InsecureUrl`, `InvalidResponse`, `RedirectRefused`, `BodyTooLarge`, `Timeout`.
 * @throws {TypeError} when `response` is not a Response. An `expectedResource` that is not a
 * string matches nothing (`ResourceMismatch`).
 * @example
 * ```ts
 * import { processProtectedResourceMetadata } from '@mcp-oauth/metadata';
 * declare const prmUrl: URL; // from the 401 challenge or protectedResourceMetadataUrls()
 * const prm = await processProtectedResourceMetadata(await fetch(prmUrl), 'https://mcp.example.com/mcp');
 * const issuer = prm.authorization_servers[0];
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.3
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-7.6
 */
export async function processProtectedResourceMetadata(
  response: Response,
  expectedResource: string,
  options?: ReadJsonOptions,
): Promise<ProtectedResourceMetadata & { authorization_servers: string[] }> {
  const doc = await readDocument(response, options);
  if (doc.resource !== expectedResource) throw new MetadataError('ResourceMismatch');
  checkProtectedResource(doc);
  return doc as ProtectedResourceMetadata & { authorization_servers: string[] };
}
