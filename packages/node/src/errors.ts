/** Every code a {@link NodeError} can carry. */
export type NodeErrorCode =
  /** No callback for the pending authorization arrived in time; try again. */
  | 'CallbackTimeout'
  /** The loopback receiver was closed before a callback arrived. */
  | 'ReceiverClosed'
  /** The loopback receiver's fixed port is taken (another instance, another program) and `anyPort` is off. */
  | 'PortInUse'
  /** A token file exists but cannot be read (permissions, or it is not a file); fix or delete it. */
  | 'StoreUnreadable'
  /** A token file is not the JSON record this store writes; fix or delete it. */
  | 'StoreCorrupt'
  /** Another process held the token-file lock for too long. */
  | 'LockTimeout'
  /** `createPinnedFetch`: the host resolved to a private, loopback, link-local or reserved address (or to no IP at all); nothing was sent. */
  | 'BlockedAddress';

const advice: Record<NodeErrorCode, string> = {
  CallbackTimeout: 'no authorization callback arrived in time; try again',
  ReceiverClosed: 'the loopback receiver closed before the callback arrived',
  PortInUse: 'the loopback redirect port is in use; close the other program or allow any loopback port',
  StoreUnreadable: 'a token file cannot be read; fix its permissions or delete it',
  StoreCorrupt: 'a token file is corrupt; delete it to sign in again',
  LockTimeout: 'another process kept the token file locked; try again',
  BlockedAddress: 'the host resolves to a private, loopback or reserved address; the request was refused',
};

/**
 * The one error family of `@mcp-oauth/node` (the server adapters throw only `TypeError` for caller
 * mistakes). Messages never contain a token, a secret or a file's content; `path` is only set for
 * store errors.
 *
 * @example
 * ```ts
 * import type { StoreKey, TokenStore } from '@mcp-oauth/client-flow';
 * import { NodeError } from '@mcp-oauth/node';
 * declare const store: TokenStore; // from fileTokenStore
 * declare const key: StoreKey;
 *
 * try { await store.load(key) }
 * catch (e) { if (e instanceof NodeError && e.code === 'StoreCorrupt') console.error('token file is corrupt: log in again') }
 * ```
 */
export class NodeError extends Error {
  /** The machine-readable reason. */
  declare readonly code: NodeErrorCode;
  /** The file concerned, for store errors. */
  declare readonly path?: string;

  constructor(code: NodeErrorCode, options: { cause?: unknown; path?: string } = {}) {
    super(`${code}: ${advice[code]}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NodeError';
    this.code = code;
    if (options.path !== undefined) this.path = options.path;
  }
}
