// The resolved configuration every endpoint reads, built once by createAuthorizationServer.
import type { AuditEvent } from '../audit';
import { isMemoryStore, memoryStore } from '../memory-store';
import type { AuthorizationServerOptions } from '../options';
import type { Store } from '../store';
import { sha256 } from './crypto';
import { guardStore } from './store-guard';

export type PathName = 'authorize' | 'consent' | 'token' | 'register' | 'revoke' | 'introspect' | 'jwks' | 'callback' | 'deviceAuthorization' | 'device';

export interface Ctx {
  readonly opts: AuthorizationServerOptions;
  readonly issuer: string;
  readonly store: Store;
  readonly now: () => number;
  /** Pathnames of each endpoint (issuer path included). */
  readonly paths: Record<PathName, string>;
  /** Absolute URLs of each endpoint. */
  readonly urls: Record<PathName, string>;
  readonly ttl: { accessToken: number; refreshToken: number; code: number };
  readonly maxBody: number;
  readonly maxUrl: number;
  /** Live client assertions (their `jti` replay marks) per client (A-DOS-1). */
  readonly maxAssertions: number;
  readonly secure: boolean;
  audit(event: Omit<AuditEvent, 'time'>): void;
}

const DEFAULT_PATHS: Record<PathName, string> = {
  authorize: '/authorize',
  consent: '/authorize/consent',
  token: '/token',
  register: '/register',
  revoke: '/revoke',
  introspect: '/introspect',
  jwks: '/jwks',
  callback: '/oauth/callback',
  deviceAuthorization: '/device_authorization',
  device: '/device',
};

function positive(v: number | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  if (!Number.isSafeInteger(v) || v <= 0) throw new RangeError(`${name} must be a positive integer`);
  return v;
}

export function createContext(opts: AuthorizationServerOptions): Ctx {
  if (typeof opts !== 'object' || opts === null) throw new TypeError('options must be an object');
  let issuerUrl: URL;
  try { issuerUrl = new URL(opts.issuer); } catch { throw new TypeError('issuer must be an absolute URL'); }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(issuerUrl.hostname);
  if (issuerUrl.protocol !== 'https:' && !(issuerUrl.protocol === 'http:' && loopback)) throw new TypeError('issuer must be https (http only on loopback)');
  if (issuerUrl.search || issuerUrl.hash || opts.issuer.endsWith('/')) throw new TypeError('issuer must have no query, fragment or trailing slash');
  if (!Array.isArray(opts.resources) || opts.resources.length === 0) throw new TypeError('resources must be a non-empty array');
  for (const r of opts.resources) if (typeof r !== 'string' || r.includes('#')) throw new TypeError('resources must be absolute URIs without a fragment');
  if (!Array.isArray(opts.scopes)) throw new TypeError('scopes must be an array');
  if (opts.upstream !== undefined) {
    const up = opts.upstream;
    for (const u of [up.authorizationEndpoint, up.tokenEndpoint]) {
      let url: URL;
      try { url = new URL(u); } catch { throw new TypeError('upstream endpoints must be absolute URLs'); }
      const local = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw new TypeError('upstream endpoints must be https (http only on loopback)');
    }
    if (typeof up.clientId !== 'string' || up.clientId === '' || typeof up.identify !== 'function') throw new TypeError('upstream needs clientId and identify');
    if (opts.store !== undefined && !isMemoryStore(opts.store) && !opts.encryptionKeys?.length && up.storeTokensInClear !== true) throw new TypeError('upstream with a persistent store needs encryptionKeys (or upstream.storeTokensInClear)');
    if (up.stateSecret !== undefined && (typeof up.stateSecret !== 'string' || up.stateSecret.length < 32)) throw new RangeError('upstream.stateSecret must be a string of at least 32 characters');
  }
  if (opts.encryptionKeys !== undefined && (!Array.isArray(opts.encryptionKeys) || opts.encryptionKeys.some((k) => typeof k !== 'string' || k.length < 32))) throw new RangeError('encryptionKeys must be strings of at least 32 characters');
  positive(opts.signingKeyRefresh, 1, 'signingKeyRefresh');
  const proxyHeader = opts.trustedProxyHeader;
  if (proxyHeader !== undefined && (typeof proxyHeader !== 'string' || !/^[a-z0-9-]{1,64}$/.test(proxyHeader))) throw new TypeError('trustedProxyHeader must be a lower-case header name');
  if (opts.registration) positive(opts.registration.unusedClientLifetime, 1, 'unusedClientLifetime');
  const base = issuerUrl.pathname === '/' ? '' : issuerUrl.pathname;
  const paths = {} as Record<PathName, string>;
  const urls = {} as Record<PathName, string>;
  for (const k of Object.keys(DEFAULT_PATHS) as PathName[]) {
    const p = opts.paths?.[k] ?? DEFAULT_PATHS[k];
    if (!p.startsWith('/')) throw new TypeError('paths must start with /');
    paths[k] = base + p;
    urls[k] = issuerUrl.origin + base + p;
  }
  const now = opts.now ?? Date.now;
  const hook = opts.audit;
  const audit: Ctx['audit'] = (event) => {
    if (hook === undefined) return;
    try { hook({ ...event, time: now() }); } catch { /* an audit sink failure never breaks the flow */ }
  };
  return {
    opts,
    issuer: opts.issuer,
    store: guardStore(opts.store ?? memoryStore({ now }), (operation) => audit({ type: 'store.failed', operation, error: 'temporarily_unavailable' })),
    now,
    paths,
    urls,
    ttl: {
      accessToken: positive(opts.tokens?.accessTokenTtl, 600, 'accessTokenTtl') * 1000,
      refreshToken: positive(opts.tokens?.refreshTokenTtl, 30 * 86400, 'refreshTokenTtl') * 1000,
      code: positive(opts.tokens?.codeTtl, 60, 'codeTtl') * 1000,
    },
    maxBody: positive(opts.limits?.maxBodyBytes, 16_384, 'maxBodyBytes'),
    maxUrl: positive(opts.limits?.maxUrlBytes, 8192, 'maxUrlBytes'),
    maxAssertions: positive(opts.limits?.assertionsPerClient, 100, 'assertionsPerClient'),
    secure: issuerUrl.protocol === 'https:',
    audit,
  };
}

/** The first 16 characters of the token's SHA-256: enough to correlate, useless to replay. */
export async function tokenHashPrefix(value: string): Promise<string> {
  return (await sha256(value)).slice(0, 16);
}
