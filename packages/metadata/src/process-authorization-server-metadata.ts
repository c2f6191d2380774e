import { MetadataError } from './errors';
import { checkMembers, readDocument } from './internal/document';
import type { ReadJsonOptions } from './read-json-body';
import type { AuthorizationServerMetadata } from './types';

/**
 * Validates an authorization server metadata response (RFC 8414, or OpenID Connect Discovery when
 * fetched from `openid-configuration`), fetched from one of {@link authorizationServerMetadataUrls}.
 * In order: status 200 (a 3xx is never followed), a bounded JSON object body ({@link readJsonBody}),
 * `issuer` identical, as a raw string, to the issuer the URL was built from (no normalisation:
 * a trailing `/`, case or `:443` is a mismatch), every `*_endpoint` and `jwks_uri` passing
 * {@link assertSafeUrl}, every `*_supported` a boolean or string array, and `S256` in
 * `code_challenge_methods_supported` (MCP: no PKCE, no authorization).
 *
 * @throws {MetadataError} `IssuerMismatch`, `PkceUnsupported`, `InsecureUrl`, `InvalidDocument`,
 * `InvalidResponse`, `RedirectRefused`, `BodyTooLarge`, `Timeout`.
 * @throws {TypeError} when `response` is not a Response. An `expectedIssuer` that is not a string
 * matches nothing (`IssuerMismatch`).
 * @example
 * ```ts
 * import { authorizationServerMetadataUrls, processAuthorizationServerMetadata } from '@mcp-oauth/metadata';
 * import type { AuthorizationServerMetadata } from '@mcp-oauth/metadata';
 * async function discover(issuer: string): Promise<AuthorizationServerMetadata | undefined> {
 *   for (const url of authorizationServerMetadataUrls(issuer)) {
 *     const res = await fetch(url, { redirect: 'manual' });
 *     if (res.status === 404) continue;
 *     return await processAuthorizationServerMetadata(res, issuer);
 *   }
 *   return undefined;
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.3
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation
 */
export async function processAuthorizationServerMetadata(
  response: Response,
  expectedIssuer: string,
  options?: ReadJsonOptions,
): Promise<AuthorizationServerMetadata> {
  const doc = await readDocument(response, options);
  if (doc.issuer !== expectedIssuer) throw new MetadataError('IssuerMismatch');
  checkMembers(doc);
  // checkMembers made it undefined, a boolean or a string array
  if (!(doc.code_challenge_methods_supported as string[] | undefined)?.includes?.('S256')) throw new MetadataError('PkceUnsupported');
  return doc as AuthorizationServerMetadata;
}
