/**
 * `@mcp-oauth/pkce`: RFC 7636 Proof Key for Code Exchange, S256 only, on WebCrypto.
 * @packageDocumentation
 */
export { generateCodeVerifier } from './generate-code-verifier';
export { computeCodeChallenge, type Sha256 } from './compute-code-challenge';
export { verifyCodeChallenge } from './verify-code-challenge';
export { assertCodeChallenge } from './assert-code-challenge';
export { PkceError, type PkceErrorCode } from './errors';
