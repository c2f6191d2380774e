import { ClientFlowError } from './errors';
import { guessed, send, strings, whence } from './internal/http';
import { isLoopbackHost, readJsonObject, refused, safeUrl } from './internal/leaf';
import type { AuthorizationServerMetadata, ClientCredentials, HttpOptions, TokenEndpointAuthMethod } from './types';

/** Pre-registered credentials; `issuer` binds them to one authorization server (C-REG-4). */
export interface PreRegisteredClient extends ClientCredentials {
  /**
   * The only issuer these credentials are sent to. Without it, `createMcpOAuthClient` binds them to
   * the first issuer they are used with (saved in its token store) and never sends them to another
   * (`ClientIssuerMismatch`, C-REG-6); `registerClient` alone returns them for any issuer, so a
   * caller that uses it directly must keep that binding itself.
   */
  readonly issuer?: string;
}

/** How this client may register (C-REG-1), in priority order. */
export interface RegistrationOptions extends HttpOptions {
  /** 1. Credentials registered out of band, one per issuer or one for any issuer. */
  readonly preRegistered?: PreRegisteredClient | readonly PreRegisteredClient[];
  /** 2. The https URL of this client's Client ID Metadata Document (used when the AS supports CIMD). */
  readonly clientMetadataUrl?: string;
  /** 3. Dynamic Client Registration (RFC 7591) metadata. */
  readonly clientName?: string;
  /** The redirect URIs to register (loopback or https, C-AUTH-6). */
  readonly redirectUris?: readonly string[];
  /** `native` for desktop/CLI/loopback clients, `web` otherwise; derived from the redirect URIs when absent. */
  readonly applicationType?: 'native' | 'web';
  /** Defaults to `['authorization_code', 'refresh_token']`. */
  readonly grantTypes?: readonly string[];
  /** Defaults to `none` (a public client). */
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /** Scopes to register for, space-separated. */
  readonly scope?: string;
  /** Extra RFC 7591 metadata (e.g. `jwks_uri`, `software_id`). */
  readonly extraMetadata?: Record<string, unknown>;
}

/** Whether a redirect URI is a native-app one (loopback http or a private-use scheme). */
function isNative(uri: string): boolean {
  if (!URL.canParse(uri)) return true;
  const u = new URL(uri);
  return u.protocol !== 'https:' || isLoopbackHost(u.hostname);
}

/**
 * Gets client credentials for one authorization server in the MCP priority order (C-REG-1):
 * pre-registered credentials for this issuer, then the Client ID Metadata Document URL when the AS
 * advertises `client_id_metadata_document_supported`, then Dynamic Client Registration when it has
 * a `registration_endpoint` (sending `application_type`, `redirect_uris` and `grant_types`, C-REG-3).
 *
 * @example
 * ```ts
 * import { registerClient, type AuthorizationServerMetadata } from '@mcp-oauth/client-flow';
 * declare const as: AuthorizationServerMetadata;
 *
 * const client = await registerClient(as, { clientName: 'My tool', redirectUris: ['http://127.0.0.1:8765/callback'] });
 * ```
 * @throws {ClientFlowError} `RegistrationUnavailable` (the user must register a client),
 * `RegistrationFailed` (with `oauthError`, `errorDescription`, `url` and `status`), `DiscoveryFailed`
 * (the metadata came from the 2025-03-26 fallback of {@link discoverAuthorizationServer} and its
 * guessed `/register` answered 404: `urls` lists the metadata URLs tried), `InsecureUrl`, `InvalidResponse`.
 * @throws {TypeError} when `clientMetadataUrl` is not an https URL with a path.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3
 */
export async function registerClient(as: AuthorizationServerMetadata, options: RegistrationOptions = {}): Promise<ClientCredentials> {
  const pre = ([] as PreRegisteredClient[]).concat(options.preRegistered ?? []);
  const own = pre.find((c) => c.issuer === as.issuer) ?? pre.find((c) => c.issuer === undefined);
  const t = (reason: string): void => options.trace?.({ type: 'registration', reason });
  if (own) {
    t('pre-registered');
    const { issuer: _, ...credentials } = own;
    return credentials;
  }
  const cimd = options.clientMetadataUrl;
  if (cimd !== undefined) {
    if (!/^https:\/\/[^/?#@]+\/[^?#]*$/.test(cimd) || !/\/[^/]/.test(cimd.slice(8)) || !URL.canParse(cimd)) throw new TypeError('ClientFlowError: clientMetadataUrl');
    if (as.client_id_metadata_document_supported === true) {
      t('cimd');
      return { client_id: cimd, token_endpoint_auth_method: options.tokenEndpointAuthMethod === 'private_key_jwt' ? 'private_key_jwt' : 'none' };
    }
  }
  if (as.registration_endpoint === undefined) throw new ClientFlowError('RegistrationUnavailable');
  t('dcr');
  const redirectUris = [...(options.redirectUris ?? [])];
  const method = options.tokenEndpointAuthMethod ?? 'none';
  const body: Record<string, unknown> = {
    ...options.extraMetadata,
    client_name: options.clientName ?? 'MCP client',
    redirect_uris: redirectUris,
    grant_types: [...(options.grantTypes ?? ['authorization_code', 'refresh_token'])],
    response_types: ['code'],
    token_endpoint_auth_method: method,
    application_type: options.applicationType ?? (redirectUris.some(isNative) ? 'native' : 'web'),
  };
  if (options.scope) body['scope'] = options.scope;
  const url = safeUrl(as.registration_endpoint);
  const res = await send(options, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201 && res.status !== 200) {
    const urls = guessed.get(as);
    // the 2025-03-26 fallback guessed /register because no metadata was found: that is the problem to report
    if (res.status === 404 && urls) await res.body?.cancel();
    if (res.status === 404 && urls) throw new ClientFlowError('DiscoveryFailed', { urls, ...whence(res) });
    throw await refused('RegistrationFailed', res, url);
  }
  const doc = await readJsonObject(res);
  const id = doc['client_id'], secret = doc['client_secret'], expires = doc['client_secret_expires_at'];
  if (typeof id !== 'string' || !id || (secret !== undefined && typeof secret !== 'string')) throw new ClientFlowError('InvalidResponse', whence(res));
  let auth = doc['token_endpoint_auth_method'];
  if (typeof auth !== 'string' || !['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'].includes(auth)) {
    auth = secret ? (strings(as.token_endpoint_auth_methods_supported)?.includes('client_secret_basic') === false &&
      as.token_endpoint_auth_methods_supported?.includes('client_secret_post') ? 'client_secret_post' : 'client_secret_basic') : method;
  }
  return {
    client_id: id,
    token_endpoint_auth_method: auth as TokenEndpointAuthMethod,
    redirect_uris: redirectUris,
    ...(typeof secret === 'string' ? { client_secret: secret } : {}),
    ...(typeof expires === 'number' ? { client_secret_expires_at: expires } : {}),
  };
}
