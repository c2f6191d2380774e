// The MCP server of the example: users sign in at the upstream provider (server-flow's `upstream`
// option), the upstream token stays in the grant on the server, the MCP client gets only our token,
// and the `list_notes` tool calls the provider's API with the upstream token (never the MCP token).
import { createClientUrlGuard } from '@mcp-oauth/node';
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import type { AuditEvent, AuthorizationServer, ProtectedResource, Store } from '@mcp-oauth/server-flow';
import { handleMcp, type Tool } from './mcp.ts';

export interface DelegationAppOptions {
  /** Our public origin, e.g. `http://127.0.0.1:3000`. */
  origin: string;
  /** The upstream provider's origin, e.g. `http://127.0.0.1:3001`. */
  upstream: string;
  /** Our client credentials at the upstream provider. */
  clientId: string;
  clientSecret: string;
  audit?: (event: AuditEvent) => void;
  /** Where clients, grants, codes, tokens and the upstream tokens live (MCP_OAUTH_STORE); default memory. */
  store?: Store;
  /** Signs the upstream `state`; the same on every instance behind a load balancer (UPSTREAM_STATE_SECRET). */
  stateSecret?: string;
  /** Seal the upstream tokens and signing keys in the store (MCP_OAUTH_ENCRYPTION_KEY, at least 32 characters); required with a persistent store. */
  encryptionKeys?: readonly string[];
}

export interface DelegationApp {
  handle(request: Request, context?: { clientAddress?: string }): Promise<Response>;
  as: AuthorizationServer;
  rs: ProtectedResource;
  /** The redirect URI to register at the upstream provider. */
  upstreamRedirectUri: string;
}

export function createDelegationApp(options: DelegationAppOptions): DelegationApp {
  const { origin, upstream } = options;
  const resource = `${origin}/mcp`;
  const as = createAuthorizationServer({
    issuer: origin,
    resources: [resource],
    scopes: ['notes:read'],
    defaultScopes: ['notes:read'],
    paths: { callback: '/oauth/callback' }, // the redirect URI registered at the upstream provider
    upstream: {
      authorizationEndpoint: `${upstream}/authorize`,
      tokenEndpoint: `${upstream}/token`,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      ...(options.stateSecret ? { stateSecret: options.stateSecret } : {}),
      scopes: ['notes:read', 'profile'],
      // Who signed in: the provider's user id becomes our `sub`.
      identify: async (tokens) => {
        const res = await fetch(`${upstream}/api/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
        if (!res.ok) throw new Error('upstream identity unavailable');
        return ((await res.json()) as { id: string }).id;
      },
    },
    // URL client ids (CIMD) and jwks_uri are fetched only through the DNS-pinning guard (A-SSRF-1).
    clientUrlGuard: createClientUrlGuard({ connectTimeout: 3000 }),
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.encryptionKeys ? { encryptionKeys: options.encryptionKeys } : {}),
  });
  const rs = createProtectedResource({ resource, authorizationServers: [origin], verifier: as.verifier(), scopesSupported: ['notes:read'], requiredScopes: ['notes:read'], resourceName: 'Notes (via Notes Cloud)' });

  const tools: Record<string, Tool> = {
    list_notes: {
      description: "Lists the user's notes at Notes Cloud.",
      async run(principal) {
        // upstreamFetch sends the upstream token, never the MCP one; an upstream 401 ends our grant.
        const res = await as.upstreamFetch(principal, `${upstream}/api/notes`);
        if (res.status === 401) return { text: 'Notes Cloud access was revoked; sign in again.', isError: true };
        if (!res.ok) return { text: `Notes Cloud answered HTTP ${res.status}.`, isError: true };
        const { notes } = (await res.json()) as { notes: string[] };
        return { text: notes.join('\n') };
      },
    },
  };

  return {
    as, rs,
    upstreamRedirectUri: `${origin}/oauth/callback`,
    async handle(request, context = {}) {
      const path = new URL(request.url).pathname;
      if (path === '/mcp') {
        const auth = await rs.authenticate(request);
        return auth.ok ? handleMcp(request, auth.principal, tools) : auth.response;
      }
      return rs.handleMetadata(request) ?? as.handle(request, context);
    },
  };
}
