import { tokenRequest, type TokenEndpointOptions } from './internal/token-request';
import type { AuthorizationServerMetadata, TokenSet } from './types';

/** Options of {@link jwtBearerToken}. */
export interface JwtBearerOptions extends TokenEndpointOptions {
  /** The JWT authorization grant: an ID-JAG, or a workload identity token. */
  readonly assertion: string;
  readonly resource?: string;
  readonly scope?: string;
}

/**
 * The JWT bearer grant (RFC 7523 §2.1): trades a signed assertion (an Identity Assertion JWT
 * Authorization Grant from an enterprise IdP, or a workload identity token) for an access token.
 *
 * @example
 * ```ts
 * import { jwtBearerToken, type AuthorizationServerMetadata, type ClientCredentials } from '@mcp-oauth/client-flow';
 * declare const as: AuthorizationServerMetadata;
 * declare const client: ClientCredentials;
 * declare const idJag: string; // from tokenExchange
 *
 * const tokens = await jwtBearerToken(as, { assertion: idJag, client, resource: 'https://mcp.example.com/mcp' });
 * ```
 * @throws {ClientFlowError} `InsecureUrl`, `TokenRequestFailed`, `InvalidResponse`.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.1
 */
export function jwtBearerToken(as: AuthorizationServerMetadata, options: JwtBearerOptions): Promise<TokenSet> {
  return tokenRequest(as, {
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: options.assertion,
    resource: options.resource,
    scope: options.scope,
  }, options);
}
