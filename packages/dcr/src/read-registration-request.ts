import { MetadataError, readJsonBody } from '@mcp-oauth/metadata';
import { DcrError, fail } from './errors';
import { isObject } from './internal/json';

/** Options for {@link readRegistrationRequest}. */
export interface ReadRegistrationRequestOptions {
  /** Largest body accepted, in bytes (streamed, counted before parsing). Default 16 KiB. */
  maxBytes?: number;
  /** Aborts the read, e.g. `AbortSignal.timeout(5000)` against a slow sender. */
  signal?: AbortSignal;
}

/**
 * Authorization server side: reads the JSON object of an RFC 7591 registration (or RFC 7592
 * update) request, refusing any content type but JSON (`application/json`, `application/*+json`) and bounding the body
 * before it is parsed, so nothing unbounded reaches validation or storage. Pass the result to
 * {@link validateClientMetadata}.
 *
 * @throws {RangeError} when `maxBytes` is not a positive integer.
 * @throws {DcrError} `invalid_request` (wrong content type, not JSON, not an object),
 * `BodyTooLarge` (answer 413).
 * @example
 * ```ts
 * import { readRegistrationRequest } from '@mcp-oauth/dcr';
 * declare const request: Request; // POST to the registration endpoint
 * const body = await readRegistrationRequest(request, { signal: AbortSignal.timeout(5000) });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.1
 */
export async function readRegistrationRequest(request: Request, options: ReadRegistrationRequestOptions = {}): Promise<Record<string, unknown>> {
  const maxBytes = options.maxBytes ?? 16_384;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError('maxBytes');
  let body: unknown;
  try {
    body = await readJsonBody(request as unknown as Response, { ...options, maxBytes });
  } catch (e) {
    throw new DcrError(e instanceof MetadataError && e.code === 'BodyTooLarge' ? 'BodyTooLarge' : 'invalid_request');
  }
  return isObject(body) ? body : fail('invalid_request');
}
