// Finding a client: configured in code, registered (DCR) in the store, or a CIMD URL fetched through dcr.
import { DcrError } from '@mcp-oauth/dcr/cimd';
import type { ClientMetadata, TokenEndpointAuthMethod } from '@mcp-oauth/dcr';
import type { PreRegisteredClient } from '../options';
import { ServerFlowError } from '../errors';
import type { ClientRecord } from '../store';
import { cimdEnabled, clientIdMetadataDocument } from './client-urls';
import type { Ctx } from './context';
import { sha256 } from './crypto';

const configured = new WeakMap<Ctx, Promise<Map<string, ClientRecord>>>();

/** A configured client's token endpoint auth method, explicit or implied by its credentials. */
export function configuredMethod(c: PreRegisteredClient): TokenEndpointAuthMethod {
  return c.token_endpoint_auth_method ?? (c.client_secret !== undefined ? 'client_secret_basic' : c.jwks ? 'private_key_jwt' : 'none');
}

async function loadConfigured(ctx: Ctx): Promise<Map<string, ClientRecord>> {
  const out = new Map<string, ClientRecord>();
  for (const c of ctx.opts.clients ?? []) {
    if (typeof c.client_id !== 'string' || c.client_id === '') throw new TypeError('clients[].client_id must be a non-empty string');
    const method = configuredMethod(c);
    if ((method === 'client_secret_basic' || method === 'client_secret_post') && (typeof c.client_secret !== 'string' || c.client_secret.length < 16)) {
      throw new TypeError('clients[].client_secret must be a string of at least 16 characters for its auth method');
    }
    const metadata: ClientMetadata = {
      redirect_uris: [...(c.redirect_uris ?? [])],
      token_endpoint_auth_method: method,
      grant_types: [...(c.grant_types ?? ['authorization_code', 'refresh_token'])], // client_credentials only when listed (A-ANON-1)
      response_types: ['code'],
    };
    if (c.scope !== undefined) metadata.scope = c.scope;
    if (c.client_name !== undefined) metadata.client_name = c.client_name;
    if (c.jwks !== undefined) metadata.jwks = c.jwks;
    const rec: ClientRecord = { clientId: c.client_id, metadata, issuedAt: 0, source: 'config' };
    if (c.client_secret !== undefined) rec.secretHash = await sha256(c.client_secret);
    out.set(c.client_id, rec);
  }
  return out;
}

/** A client configured in code; no store lookup, no fetch. */
export async function findConfiguredClient(ctx: Ctx, clientId: string): Promise<ClientRecord | undefined> {
  let p = configured.get(ctx);
  if (p === undefined) configured.set(ctx, (p = loadConfigured(ctx)));
  return (await p).get(clientId);
}

/** Looks a client up; undefined when unknown. A broken CIMD URL or document is InvalidClient. */
export async function findClient(ctx: Ctx, clientId: string): Promise<ClientRecord | undefined> {
  const fromConfig = await findConfiguredClient(ctx, clientId);
  if (fromConfig !== undefined) return fromConfig;
  if (clientId.startsWith('https:')) {
    if (!cimdEnabled(ctx.opts)) return undefined;
    try {
      const doc = await clientIdMetadataDocument(ctx, clientId);
      const metadata = { ...doc } as ClientMetadata & { client_id?: string };
      delete metadata.client_id;
      return { clientId, metadata, issuedAt: 0, source: 'cimd' };
    } catch (e) {
      if (e instanceof DcrError) throw new ServerFlowError('InvalidClient', 'client metadata document refused');
      throw e;
    }
  }
  return ctx.store.getClient(clientId);
}

/** Whether the client is confidential (authenticates at the token endpoint). */
export function isConfidential(client: ClientRecord): boolean {
  return client.metadata.token_endpoint_auth_method !== 'none';
}
