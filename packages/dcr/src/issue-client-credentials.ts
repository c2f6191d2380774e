import { randomId } from './internal/random';
import type { ClientInformation, ClientMetadata } from './types';

/** Options for {@link issueClientCredentials}. */
export interface IssueClientCredentialsOptions {
  /** Current time in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Secret lifetime in seconds; `0` (the default) means it does not expire. */
  secretLifetime?: number;
}

/**
 * Authorization server side: mints the credentials of a new registration (RFC 7591 §3.2.1) for
 * validated metadata. The `client_id` is 128 random bits in base64url (never a URL, so it cannot be
 * mistaken for a Client ID Metadata Document); confidential clients (any method but `none` and
 * `private_key_jwt`) get a 256-bit `client_secret` with `client_secret_expires_at`. Store only a
 * hash of the secret; return the result once as the 201 body.
 *
 * @throws {RangeError} when `secretLifetime` is not a non-negative integer.
 * @example
 * ```ts
 * import { issueClientCredentials, validateClientMetadata } from '@mcp-oauth/dcr';
 * import type { ClientInformation } from '@mcp-oauth/dcr';
 * declare const body: Record<string, unknown>; // from readRegistrationRequest(request)
 * declare const store: { saveClient(client: ClientInformation, secretHash?: string): Promise<void> };
 * declare function sha256(secret: string): Promise<string>;
 * const client = issueClientCredentials(await validateClientMetadata(body));
 * const { client_secret, ...record } = client;
 * await store.saveClient(record, client_secret && (await sha256(client_secret)));
 * const response = Response.json(client, { status: 201, headers: { 'cache-control': 'no-store' } });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1
 */
export function issueClientCredentials(metadata: ClientMetadata, options: IssueClientCredentialsOptions = {}): ClientInformation {
  const life = options.secretLifetime ?? 0;
  if (!Number.isSafeInteger(life) || life < 0) throw new RangeError('secretLifetime');
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  const out: ClientInformation = { ...metadata, client_id: randomId(16), client_id_issued_at: iat };
  if (metadata.token_endpoint_auth_method !== 'none' && metadata.token_endpoint_auth_method !== 'private_key_jwt') {
    out.client_secret = randomId(32);
    out.client_secret_expires_at = life && iat + life;
  }
  return out;
}
