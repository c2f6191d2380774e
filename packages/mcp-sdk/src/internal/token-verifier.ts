import { ServerFlowError } from '@mcp-oauth/server-flow';
import type { TokenVerifier } from '@mcp-oauth/server-flow';
import { authInfoFromPrincipal } from '../auth-info';
import type { McpAuthInfo } from '../types';

/** Options of `sdkTokenVerifier` (`@mcp-oauth/mcp-sdk/v1` and `/v2`). */
export interface SdkTokenVerifierOptions {
  /** This MCP server's resource identifier, exactly as the authorization server puts it in `aud` (e.g. `https://mcp.example.com/mcp`). */
  resource: string;
  /** The token check: `as.verifier()`, `jwtVerifier(...)` or `introspectionVerifier(...)` from `@mcp-oauth/server-flow`. */
  verifier: TokenVerifier;
  /** SDK 2.x: the PRM URL to put in the `AuthInfo` (see `authInfoFromPrincipal`). */
  resourceMetadataUrl?: string;
}

/** The SDK's `OAuthTokenVerifier` (1.x and 2.x), structurally. */
export interface SdkTokenVerifier {
  verifyAccessToken(token: string): Promise<McpAuthInfo>;
}

/** The SDK line's own errors: `invalid` → 401 `invalid_token`, `unavailable` → 500. */
export type SdkErrors = (kind: 'invalid' | 'unavailable') => Error;

export function tokenVerifier(options: SdkTokenVerifierOptions, errors: SdkErrors): SdkTokenVerifier {
  const { resource, verifier, resourceMetadataUrl } = options ?? {};
  if (typeof verifier !== 'function') throw new TypeError('verifier must be a function');
  if (typeof resource !== 'string' || !URL.canParse(resource)) throw new TypeError('resource must be an absolute URL');
  const info = resourceMetadataUrl !== undefined ? { resourceMetadataUrl } : {};
  return {
    async verifyAccessToken(token: string): Promise<McpAuthInfo> {
      if (typeof token !== 'string' || token === '') throw errors('invalid');
      let principal;
      try {
        principal = await verifier(token, resource);
      } catch (e) {
        throw errors(e instanceof ServerFlowError && e.code === 'UpstreamFailed' ? 'unavailable' : 'invalid');
      }
      // a verifier that returns a principal for another resource is a bug; never accept it (R-TOK-2)
      if (principal.resource !== resource) throw errors('invalid');
      return authInfoFromPrincipal(principal, token, info);
    },
  };
}
