/**
 * `@mcp-oauth/conformance/arbitraries`: fast-check arbitraries for every MCP authorization message,
 * valid and subtly broken, for your own property tests.
 * @packageDocumentation
 */
export {
  httpsOrigin, issuer, mismatchedIssuer, authorizationServerMetadata, brokenAuthorizationServerMetadata, protectedResourceMetadata,
  mismatchedProtectedResourceMetadata, wwwAuthenticateChallenge, adversarialWwwAuthenticate, type MetadataFlaw,
} from './arbitraries/metadata';
export { redirectUriVariant, redirectUriVariants, redirectUriPair, dangerousRedirectUri, type RedirectUriPair } from './arbitraries/redirect-uris';
export {
  codeVerifier, brokenPkceParameters, brokenPkceParameterList, scopeToken, scopeSets, clientMetadata, clientIdMetadataDocument, badClientIdMetadataUrl, internalUrl,
  authorizationRequest, authorizationResponse, tokenRequest, accessTokenClaims, mutatedJwt, forgedAccessToken, malformedAuthorization, type JwtMutation,
} from './arbitraries/messages';
