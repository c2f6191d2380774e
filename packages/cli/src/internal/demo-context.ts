// What the demo's steps share: servers, client, trace, and small helpers over them.
import type { FetchLike, McpOAuthClient, StoreKey, StoredRecord, TokenStore } from '@mcp-oauth/client-flow';
import type { DemoServers } from '../start-demo-servers';
import { check, StepFailure, describe, type Runner } from './steps';
import type { Exchange, Trace } from './trace';

/** One authorization the client asked for: the URL it opened and the callback it got back. */
export interface Authorization {
  readonly url: URL;
  callback?: string;
}

export interface DemoContext {
  readonly runner: Runner;
  readonly trace: Trace;
  readonly servers: DemoServers;
  readonly client: McpOAuthClient;
  readonly store: TokenStore;
  readonly key: StoreKey;
  readonly authorizations: Authorization[];
  readonly interactive: boolean;
  /** Sets how far the client's clock runs ahead of the real one (milliseconds). */
  readonly setClientSkew: (ms: number) => void;
}

let ids = 0;

/** A JSON-RPC request to the MCP server through `fetch` (the client's, or a plain one with `token`). */
export function rpc(fetchFn: FetchLike, url: string, method: string, params: Record<string, unknown> = {}, token?: string): Promise<Response> {
  return fetchFn(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', accept: 'application/json, text/event-stream',
      ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++ids, method, params }),
  });
}

/** The JSON-RPC result of a 200 response, or a step failure naming what went wrong. */
export async function rpcResult(res: Response, what: string): Promise<Record<string, unknown>> {
  check(res.status === 200, `${what}: expected 200, got ${res.status}`);
  const body = (await res.json().catch(() => undefined)) as { result?: Record<string, unknown> } | undefined;
  check(body?.result !== undefined && typeof body.result === 'object', `${what}: the response is not a JSON-RPC result`);
  return body.result;
}

/** The text of a tool result. */
export function toolText(result: Record<string, unknown>): string {
  const content = result['content'] as { text?: unknown }[] | undefined;
  return typeof content?.[0]?.text === 'string' ? content[0].text : '';
}

/** The first exchange matching `pred`, or a step failure (mentioning why the client stopped, if it did). */
export function find(list: readonly Exchange[], pred: (x: Exchange) => boolean, what: string, stopped?: unknown): Exchange {
  const x = list.find(pred);
  if (x) return x;
  throw new StepFailure(`${what} never happened${stopped !== undefined ? `; the client stopped: ${describe(stopped)}` : ''}`);
}

/** The stored record (registration and tokens) of the demo client. */
export async function record(ctx: DemoContext): Promise<StoredRecord> {
  const r = await ctx.store.load(ctx.key);
  check(r?.client && r.tokens, 'the client stored no registration or tokens');
  return r;
}

export const isToken = (x: Exchange, grant: string): boolean =>
  x.method === 'POST' && x.url.pathname === '/token' && x.form?.get('grant_type') === grant;
export const isMcp = (x: Exchange): boolean => x.url.pathname === '/mcp';
