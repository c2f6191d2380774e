// A-SSRF-1: the one guard for every fetch of a URL a client supplied (CIMD documents, jwks_uri).
// The address policy, redirect refusal and https rule are metadata's guardedFetch (through dcr for
// CIMD); the caches live per server instance (one Ctx), each bounded by maxEntries.
import { createClientIdMetadataDocumentCache, fetchClientIdMetadataDocument } from '@mcp-oauth/dcr/cimd';
import type { ClientIdMetadataDocument, ClientIdMetadataDocumentCache } from '@mcp-oauth/dcr/cimd';
import { createRemoteJwks } from '@mcp-oauth/jwt-lite';
import type { JwksResolver } from '@mcp-oauth/jwt-lite';
import { guardedFetch } from '@mcp-oauth/metadata';
import type { AuthorizationServerOptions, ClientUrlGuard } from '../options';
import type { Ctx } from './context';

interface Guarded {
  guard: ClientUrlGuard;
  /** guardedFetch with the guard's address check, in the shape jwt-lite's remote key set calls. */
  fetch: typeof fetch;
  cimd: ClientIdMetadataDocumentCache;
  jwks: Map<string, JwksResolver>;
}

const states = new WeakMap<Ctx, Guarded>();

/** Startup checks (caller mistakes): CIMD is never on without a guard, and the guard checks addresses. */
export function checkClientUrlOptions(o: AuthorizationServerOptions): void {
  const g = o.clientUrlGuard;
  // The 0.x form `clientIdMetadataDocuments: { fetch, resolve }` is no guard: without clientUrlGuard it fails here.
  if (g === undefined) {
    if (o.clientIdMetadataDocuments !== undefined && o.clientIdMetadataDocuments !== false) throw new TypeError('clientIdMetadataDocuments needs clientUrlGuard');
    return;
  }
  const { resolve: r, fetch: f } = g;
  if (r === undefined ? !(g.pinned === true && typeof f === 'function') : typeof r !== 'function' || (f !== undefined && typeof f !== 'function')) {
    throw new TypeError('clientUrlGuard needs resolve, or fetch with pinned: true');
  }
  for (const [k, v, min] of [['timeout', g.timeout, 1], ['cooldown', g.cooldown, 0], ['maxEntries', g.maxEntries, 1]] as const) {
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= min)) throw new RangeError(`clientUrlGuard.${k}`);
  }
}

/** Whether URL client ids are looked up: only with a guard, unless switched off. */
export const cimdEnabled = (o: AuthorizationServerOptions): boolean => o.clientUrlGuard !== undefined && o.clientIdMetadataDocuments !== false;

function state(ctx: Ctx): Guarded | undefined {
  const guard = ctx.opts.clientUrlGuard;
  if (guard === undefined) return undefined;
  let s = states.get(ctx);
  if (s === undefined) {
    const { fetch: f, resolve } = guard;
    s = {
      guard,
      fetch: (input, init) => guardedFetch(input as string, {
        ...(f && { fetch: f }), ...(resolve && { resolve }), ...(init?.signal && { signal: init.signal }),
        allowLoopbackHttp: false, init: { credentials: 'omit', headers: init?.headers ?? {} },
      }),
      cimd: createClientIdMetadataDocumentCache({ maxEntries: guard.maxEntries ?? 1000, failureCooldown: guard.cooldown ?? 30 }),
      jwks: new Map(),
    };
    states.set(ctx, s);
  }
  return s;
}

/** Fetches (or takes from the cache) the Client ID Metadata Document of a URL client id. Throws DcrError. */
export function clientIdMetadataDocument(ctx: Ctx, clientId: string): Promise<ClientIdMetadataDocument> {
  const { guard: g, cimd: cache } = state(ctx)!;
  const policy = typeof ctx.opts.clientIdMetadataDocuments === 'object' ? ctx.opts.clientIdMetadataDocuments.policy : undefined;
  return fetchClientIdMetadataDocument(clientId, {
    ...(g.fetch && { fetch: g.fetch }), ...(g.resolve && { resolve: g.resolve }), ...(g.timeout && { timeout: g.timeout }), ...(policy && { policy }),
    cache, now: ctx.now,
  });
}

/** The remote key set of a client's `jwks_uri` for this server, or undefined without a guard. */
export function clientJwks(ctx: Ctx, uri: string): JwksResolver | undefined {
  const s = state(ctx);
  if (s === undefined) return undefined;
  let keys = s.jwks.get(uri);
  if (keys !== undefined) s.jwks.delete(uri); // re-inserted below: the least recently used is dropped first
  else {
    const g = s.guard;
    try {
      keys = createRemoteJwks(uri, { fetch: s.fetch, timeoutMs: g.timeout ?? 5000, cooldown: g.cooldown ?? 30, now: () => ctx.now() / 1000 });
    } catch {
      return undefined; // not an https URL: a record that never passed registration's checks
    }
    if (s.jwks.size >= (g.maxEntries ?? 1000)) s.jwks.delete(s.jwks.keys().next().value!);
  }
  s.jwks.set(uri, keys);
  return keys;
}
