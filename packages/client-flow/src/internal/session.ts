import { discover } from '../discover';
import { ClientFlowError } from '../errors';
import { storeKeyString } from '../memory-store';
import { refreshTokens } from '../refresh-tokens';
import { registerClient, type PreRegisteredClient } from '../register-client';
import type { McpOAuthClientOptions } from '../create-mcp-oauth-client';
import type { HttpOptions, AuthorizationServerMetadata, ClientCredentials, ProtectedResourceMetadata, StoreKey, StoredRecord, TokenSet, TokenStore } from '../types';
import type { TokenEndpointOptions } from './token-request';
import { parseChallenge } from './leaf';

/** What discovery established for the server: the resource to ask for and the AS to ask. */
export interface Context {
  readonly resource: string;
  readonly prm?: ProtectedResourceMetadata;
  readonly as: AuthorizationServerMetadata;
  readonly key: StoreKey;
}

/**
 * The store key that records which issuer a pre-registered client given without one is bound to
 * (the record's `issuer`); one per client id, whatever the MCP server.
 */
export const bindingKey = (clientId: string): StoreKey => ({ server: `urn:mcp-oauth:client:${encodeURIComponent(clientId)}`, issuer: '' });

/** The state of one client: discovery result, single-flight refresh and authorization. */
export class Session {
  ctx: Context | undefined;
  private readonly refreshing = new Map<string, Promise<TokenSet | undefined>>();
  /** The authorization in flight, shared by concurrent requests. */
  authorizing: Promise<TokenSet> | undefined;
  /** Resolves the callback URL of an authorization whose hook returned nothing. */
  waiter: ((url: string) => void) | undefined;
  readonly server: URL;
  readonly o: McpOAuthClientOptions;
  readonly store: TokenStore;

  constructor(o: McpOAuthClientOptions, store: TokenStore) {
    this.o = o;
    this.store = store;
    this.server = new URL(o.serverUrl);
    this.server.hash = '';
  }

  private http(): HttpOptions & { headers: Record<string, string> } {
    const headers: Record<string, string> = this.o.protocolVersion ? { 'mcp-protocol-version': this.o.protocolVersion } : {};
    return { ...this.net(), headers };
  }

  private net(): HttpOptions {
    const { fetch, allowUrl, trace } = this.o;
    return { ...(fetch ? { fetch } : {}), ...(allowUrl ? { allowUrl } : {}), ...(trace ? { trace } : {}) };
  }

  /** The redirect URI; a function is called only now, when an authorization needs it. */
  async redirect(): Promise<string | undefined> {
    const r = this.o.redirectUri;
    return typeof r == 'function' ? r() : r;
  }

  /** Runs discovery (PRM then AS metadata) and remembers the result. */
  async discover(wwwAuthenticate?: string | null): Promise<Context> {
    const d = await discover(this.server, {
      ...this.http(), wwwAuthenticate: wwwAuthenticate ?? null,
      ...(this.o.chooseAuthorizationServer ? { chooseAuthorizationServer: this.o.chooseAuthorizationServer } : {}),
    });
    const as = d.authorizationServer;
    this.ctx = { resource: d.resource, as, key: { server: d.server, issuer: as.issuer }, ...(d.protectedResource ? { prm: d.protectedResource } : {}) };
    return this.ctx;
  }

  async context(): Promise<Context> {
    return this.ctx ?? this.discover();
  }

  load(ctx: Context): Promise<StoredRecord | undefined> {
    return this.store.load(ctx.key);
  }

  async update(ctx: Context, change: Partial<StoredRecord>, ...drop: ('pending' | 'tokens' | 'client')[]): Promise<StoredRecord> {
    const merged: Record<string, unknown> = { ...(await this.load(ctx)), ...change, issuer: ctx.as.issuer };
    for (const k of drop) delete merged[k];
    const record = merged as unknown as StoredRecord;
    await this.store.save(ctx.key, record);
    return record;
  }

  tokenOptions(): TokenEndpointOptions {
    const o = this.o;
    return {
      ...this.net(),
      ...(o.now ? { now: o.now } : {}),
      ...(o.random ? { random: o.random } : {}),
      ...(o.dpop ? { dpop: o.dpop } : {}),
      ...(o.privateKey ? { privateKey: o.privateKey } : {}),
    };
  }

  /** The client registration for this context's issuer, registering when there is none (C-REG-1, C-REG-4). */
  async client(ctx: Context): Promise<ClientCredentials> {
    const saved = (await this.load(ctx))?.client;
    const now = (this.o.now?.() ?? Date.now()) / 1000;
    if (saved && !(saved.client_secret_expires_at && saved.client_secret_expires_at < now)) return saved;
    const reg = this.o.registration ?? {};
    const issuer = ctx.as.issuer;
    const pre = ([] as PreRegisteredClient[]).concat(reg.preRegistered ?? []);
    const free = pre.some((c) => c.issuer === issuer) ? undefined : pre.find((c) => c.issuer === undefined);
    if (free) {
      // C-REG-6: a client id given without an issuer belongs to the first issuer it is used with,
      // recorded before anything is sent to it; another issuer never sees it
      const key = bindingKey(free.client_id);
      const bound = (await this.store.load(key))?.issuer;
      if (bound === undefined) await this.store.save(key, { issuer });
      else if (bound !== issuer) throw new ClientFlowError('ClientIssuerMismatch');
    }
    const redirectUri = reg.redirectUris ? undefined : await this.redirect();
    const client = await registerClient(ctx.as, {
      ...reg,
      ...(free ? { preRegistered: { ...free, issuer } } : {}),
      ...this.net(),
      ...(redirectUri ? { redirectUris: [redirectUri] } : {}),
    });
    await this.update(ctx, { client });
    return client;
  }

  /** Valid tokens for the current context, refreshed ahead of expiry; `undefined` when there are none. */
  async current(): Promise<TokenSet | undefined> {
    const ctx = this.ctx;
    if (!ctx) return undefined;
    const tokens = (await this.load(ctx))?.tokens;
    if (!tokens || tokens.issuer !== ctx.as.issuer) return undefined;
    const leeway = this.o.refreshLeewaySeconds ?? 60;
    const expiring = tokens.expires_at !== undefined && tokens.expires_at - leeway <= (this.o.now?.() ?? Date.now()) / 1000;
    return expiring && tokens.refresh_token ? this.refresh(ctx, tokens, 'expiring') : tokens;
  }

  /** One refresh in flight per credential, across concurrent requests (and processes, with a store lock). */
  refresh(ctx: Context, stale: TokenSet, reason: string): Promise<TokenSet | undefined> {
    const id = storeKeyString(ctx.key);
    this.o.trace?.({ type: 'refresh', reason });
    let p = this.refreshing.get(id);
    if (!p) {
      const run = async (): Promise<TokenSet | undefined> => {
        const record = await this.load(ctx);
        const now = record?.tokens;
        if (now && now.access_token !== stale.access_token) return now; // someone else refreshed
        if (!now?.refresh_token || !record?.client) return undefined;
        try {
          const fresh = await refreshTokens(ctx.as, { ...this.tokenOptions(), client: record.client, refreshToken: now.refresh_token, resource: ctx.resource });
          const tokens = fresh.scope || !now.scope ? fresh : { ...fresh, scope: now.scope };
          await this.update(ctx, { tokens });
          return tokens;
        } catch (e) {
          if (!(e instanceof ClientFlowError) || e.code !== 'TokenRequestFailed') throw e;
          // the grant is gone; a client the AS does not know (e.g. imported) is dropped too
          await this.update(ctx, {}, 'tokens', ...(e.oauthError === 'invalid_client' ? ['client' as const] : []));
          return undefined;
        }
      };
      p = (this.store.lock ? this.store.lock(ctx.key, run) : run()).finally(() => this.refreshing.delete(id));
      this.refreshing.set(id, p);
    }
    return p;
  }

  /** Scope for a first authorization (C-AUTH-5): challenge, else PRM `scopes_supported`, else none. */
  initialScope(ctx: Context, wwwAuthenticate?: string | null): string | undefined {
    const s = parseChallenge(wwwAuthenticate ?? null)?.scope ?? ctx.prm?.scopes_supported?.join(' ');
    return s || undefined;
  }
}
