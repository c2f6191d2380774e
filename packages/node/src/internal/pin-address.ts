// Resolving once and checking every answer: the address returned here is the only one the
// pinned fetch connects to, so a second DNS answer (rebinding) never reaches a socket.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from '@mcp-oauth/metadata';
import { NodeError } from '../errors';

/** Resolves a hostname to its IP addresses (the shape of `guardedFetch`'s `resolve` hook). */
export type Resolver = (hostname: string) => Promise<readonly string[]>;

/** The system resolver (`getaddrinfo`, so `/etc/hosts` applies), every answer, in its order. */
export const systemResolve: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** The address a request connects to. */
export interface Pin {
  address: string;
  family: 4 | 6;
}

/** A rejection shaped like `fetch`'s own network errors. */
export const networkError = (cause: unknown): TypeError => new TypeError('fetch failed', { cause });

/**
 * The address to connect to for `hostname` (a URL's `hostname`: IPv6 in brackets). An IP literal
 * is its own answer; otherwise every answer of `resolve` must be an IP literal and, unless
 * `allowPrivate`, a public one. Throws `NodeError('BlockedAddress')` or a network `TypeError`.
 */
export async function pinAddress(hostname: string, resolve: Resolver, allowPrivate: boolean): Promise<Pin> {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  let answers: readonly unknown[];
  if (isIP(bare)) answers = [bare];
  else {
    try {
      answers = await resolve(bare);
    } catch (e) {
      throw networkError(e);
    }
    if (!Array.isArray(answers) || answers.length === 0) throw networkError(new Error('the host has no address'));
  }
  for (const a of answers) {
    // A non-IP answer would be resolved again by the socket: refused even when private addresses are allowed.
    if (typeof a !== 'string' || !isIP(a) || (!allowPrivate && isPrivateAddress(a))) throw new NodeError('BlockedAddress');
  }
  const address = answers[0] as string;
  return { address, family: isIP(address) === 6 ? 6 : 4 };
}
