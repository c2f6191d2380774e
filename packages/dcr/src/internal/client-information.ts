import { assertSafeUrl, readJsonBody } from '@mcp-oauth/metadata';
import { DcrError, type DcrOAuthError, fail } from '../errors';
import type { ClientInformation } from '../types';
import { isObject } from './json';

const MAX = 65_536;
const KNOWN = /^(invalid_(redirect_uri|client_metadata|software_statement|request|client|token)|unapproved_software_statement|access_denied|server_error|temporarily_unavailable)$/;

/** Maps an untrusted `error` value to a known RFC code, or `undefined`: no attacker string is kept. */
const known = (v: unknown): DcrOAuthError | undefined => (typeof v === 'string' && KNOWN.test(v) ? (v as DcrOAuthError) : undefined);

async function json(response: Response): Promise<unknown> {
  try {
    return await readJsonBody(response, { maxBytes: MAX });
  } catch {
    return undefined;
  }
}

/** Client side: reads an RFC 7591 / 7592 response that must carry client information. */
export async function readClientInformation(response: Response, ok: number[]): Promise<ClientInformation> {
  if (!(response instanceof Response)) throw new TypeError('response must be a Response');
  if (!ok.includes(response.status)) {
    const body = response.status === 400 || response.status === 401 || response.status === 403 ? await json(response) : undefined;
    throw new DcrError('RegistrationRejected', isObject(body) ? known(body.error) : undefined);
  }
  const b = await json(response);
  if (!isObject(b) || typeof b.client_id !== 'string' || !b.client_id) return fail('InvalidResponse');
  for (const k of ['client_secret', 'registration_access_token', 'registration_client_uri'])
    if (b[k] !== undefined && (typeof b[k] !== 'string' || !b[k])) fail('InvalidResponse');
  for (const k of ['client_id_issued_at', 'client_secret_expires_at'])
    if (b[k] !== undefined && !(Number.isSafeInteger(b[k]) && (b[k] as number) >= 0)) fail('InvalidResponse');
  if (b.registration_client_uri !== undefined) {
    try {
      assertSafeUrl(b.registration_client_uri as string, { allowLoopbackHttp: true });
    } catch {
      fail('InvalidResponse');
    }
  }
  return b as ClientInformation;
}
