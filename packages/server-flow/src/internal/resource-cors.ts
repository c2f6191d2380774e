// The `cors` option of createProtectedResource: which origins may read the resource's responses.
import type { ResourceCorsOptions } from '../protected-resource';
import { ALLOW_HEADERS, EXPOSE_HEADERS, preflightHeaders, responseHeaders } from './cors';

export interface ResourceCors {
  /** Headers for an actual response to a request with this `Origin` (`{}` when CORS is off). */
  response(origin: string | null | undefined): Record<string, string>;
  /** Headers for a preflight answer, or `undefined` when this origin is not allowed. */
  preflight(origin: string | null | undefined): Record<string, string> | undefined;
}

const OFF: ResourceCors = { response: () => ({}), preflight: () => undefined };

export function resourceCors(options: ResourceCorsOptions | undefined): ResourceCors {
  if (options === undefined) return OFF;
  const { origins } = options;
  let allowed: Set<string> | undefined;
  if (origins !== '*') {
    // exact serialized origins only: no path, no trailing slash, no `null`
    const ok = (o: unknown): boolean => { try { return new URL(o as string).origin === o && o !== 'null'; } catch { return false; } };
    if (!Array.isArray(origins) || !origins.every(ok)) throw new TypeError("cors.origins: '*' or exact origins");
    allowed = new Set(origins);
  }
  const allow = `${ALLOW_HEADERS}, mcp-session-id, last-event-id`;
  const expose = `${EXPOSE_HEADERS}, mcp-session-id`;
  const match = (origin: string | null | undefined): string | undefined =>
    allowed === undefined ? '*' : origin && allowed.has(origin) ? origin : undefined;
  return {
    response: (origin) => {
      const o = match(origin);
      return o ? responseHeaders(o, expose) : { vary: 'origin' };
    },
    preflight: (origin) => {
      const o = match(origin);
      return o === undefined ? undefined : preflightHeaders(o, 'GET, POST, DELETE', allow);
    },
  };
}
