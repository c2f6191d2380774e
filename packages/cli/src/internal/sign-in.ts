// What `login` and `proxy` share when they sign in: the hand-registered client they were given, and
// the test-only headless authorization.
import type { FetchLike, PreRegisteredClient } from '@mcp-oauth/client-flow';
import { CliError } from '../errors';

/** `--client-id` (and its secret: `client_secret_basic`, else a public client), bound to `issuer` when given. */
export function preRegisteredClient(clientId: string, clientSecret?: string, issuer?: string): PreRegisteredClient {
  return {
    client_id: clientId,
    ...(clientSecret !== undefined
      ? { client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_basic' as const }
      : { token_endpoint_auth_method: 'none' as const }),
    ...(issuer !== undefined ? { issuer } : {}),
  };
}

/**
 * Tests and CI: the authorization server approves at once; its redirect is followed to the
 * receiver with `deliver`. A89: only a redirect to the redirect URI itself completes; anything else
 * (the server's login or consent page) is `AuthorizationFailed` at once, not a wait for the timeout.
 */
export async function followHeadless(f: FetchLike, url: URL, redirectUri: string, deliver: FetchLike = f): Promise<void> {
  const res = await f(url.href, { redirect: 'manual' });
  await res.body?.cancel();
  const location = res.headers.get('location');
  const to = location !== null && URL.canParse(location, url) ? new URL(location, url) : undefined;
  const back = new URL(redirectUri);
  if (!to || res.status < 300 || res.status >= 400 || to.origin !== back.origin || to.pathname !== back.pathname) {
    throw new CliError('AuthorizationFailed', 'the authorization server did not redirect back to the redirect URI (it shows a page, e.g. to log in); headless authorization needs an auto-approving server');
  }
  await (await deliver(to.href)).body?.cancel();
}
