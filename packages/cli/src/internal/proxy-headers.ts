// The request metadata headers of the 2026-07-28 Streamable HTTP transport (§ Request Metadata):
// MCP-Protocol-Version from the request's `_meta`, Mcp-Method, Mcp-Name, and Mcp-Param-* mirrored
// from the `x-mcp-header` annotations of the tools' input schemas (tools/list results are checked
// and remembered; a tool whose annotations break the rules is left out of tools/list).
import { isObject, type Json } from './json';

export const PROTOCOL_VERSION_META = 'io.modelcontextprotocol/protocolVersion';
const FIRST_MODERN = '2026-07-28';

/** One `x-mcp-header` annotation: the `properties` path to the value and the header name part. */
export interface ParamHeader {
  readonly path: readonly string[];
  readonly name: string;
}

/** The protocol version a request names in its `_meta` when it is a 2026-07-28 (or later) one. */
export function modernVersion(message: Json): string | undefined {
  const params = message['params'];
  const meta = isObject(params) ? params['_meta'] : undefined;
  const v = isObject(meta) ? meta[PROTOCOL_VERSION_META] : undefined;
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && v >= FIRST_MODERN ? v : undefined;
}

const SAFE = /^[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?$/;
const SENTINEL = /^=\?base64\?[\s\S]*\?=$/;

/** A header value as is when it is plain visible ASCII, else `=?base64?…?=` of its UTF-8. */
export function encodeHeaderValue(value: string): string {
  if (SAFE.test(value) && !SENTINEL.test(value)) return value;
  return `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PRIMITIVE = new Set(['string', 'integer', 'boolean']);
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'x-mcp-header']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const MAX_DEPTH = 32;
const MAX_NODES = 10_000;

/**
 * The `x-mcp-header` annotations of a tool's input schema, or the reason the tool definition is
 * invalid (2026-07-28 Streamable HTTP § Custom Headers from Tool Parameters).
 */
export function paramHeaders(inputSchema: unknown): ParamHeader[] | string {
  if (!isObject(inputSchema)) return [];
  const found: ParamHeader[] = [];
  const allowed = new Set<object>();
  const names = new Set<string>();
  // Annotations reachable from the root through `properties` keys only.
  const chain = (schema: Json, path: string[]): string | undefined => {
    if (path.length > MAX_DEPTH) return 'the schema is nested too deeply';
    const props = schema['properties'];
    if (!isObject(props)) return undefined;
    for (const [key, sub] of Object.entries(props)) {
      if (!isObject(sub)) continue;
      if (Object.hasOwn(sub, 'x-mcp-header')) {
        const name = sub['x-mcp-header'];
        if (typeof name !== 'string' || !TOKEN.test(name)) return `x-mcp-header of "${key}" is not an HTTP token`;
        if (names.has(name.toLowerCase())) return `x-mcp-header "${name}" is used twice`;
        if (typeof sub['type'] !== 'string' || !PRIMITIVE.has(sub['type'])) return `x-mcp-header "${name}" is on a parameter that is not a string, integer or boolean`;
        names.add(name.toLowerCase());
        allowed.add(sub);
        found.push({ path: [...path, key], name });
      }
      const bad = chain(sub, [...path, key]);
      if (bad) return bad;
    }
    return undefined;
  };
  const bad = chain(inputSchema, []);
  if (bad) return bad;
  // Any annotation elsewhere (items, oneOf, $ref targets, …) makes the definition invalid.
  let nodes = 0;
  const walk = (node: unknown, depth: number): string | undefined => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH * 2) return 'the schema is too large';
    if (Array.isArray(node)) {
      for (const n of node) { const b = walk(n, depth + 1); if (b) return b; }
      return undefined;
    }
    if (!isObject(node)) return undefined;
    if (Object.hasOwn(node, 'x-mcp-header') && !allowed.has(node)) return 'x-mcp-header on a parameter not reachable through properties alone';
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYWORDS.has(key)) continue;
      if (SCHEMA_MAPS.has(key) && isObject(value)) {
        for (const sub of Object.values(value)) { const b = walk(sub, depth + 1); if (b) return b; }
      } else {
        const b = walk(value, depth + 1);
        if (b) return b;
      }
    }
    return undefined;
  };
  return walk(inputSchema, 0) ?? found;
}

/**
 * Checks a tools/list result: remembers each valid tool's annotations in `cache` and returns the
 * result without the invalid tools (`warn` gets the tool name and the reason of each).
 */
export function filterTools(result: Json, cache: Map<string, readonly ParamHeader[]>, warn: (name: string, reason: string) => void): Json {
  const tools = result['tools'];
  if (!Array.isArray(tools)) return result;
  const kept = tools.filter((tool: unknown) => {
    if (!isObject(tool) || typeof tool['name'] !== 'string') return true; // not ours to judge
    const headers = paramHeaders(tool['inputSchema']);
    if (typeof headers === 'string') {
      cache.delete(tool['name']);
      warn(tool['name'], headers);
      return false;
    }
    if (cache.size < 10_000 || cache.has(tool['name'])) cache.set(tool['name'], headers);
    return true;
  });
  return kept.length === tools.length ? result : { ...result, tools: kept };
}

const valueAt = (args: unknown, path: readonly string[]): unknown => {
  let v = args;
  for (const key of path) {
    if (!isObject(v) || !Object.hasOwn(v, key)) return undefined;
    v = v[key];
  }
  return v;
};

/** The headers of a 2026-07-28 POST carrying `message` (a request or notification). */
export function requestHeaders(message: Json, version: string, cache: ReadonlyMap<string, readonly ParamHeader[]>): Record<string, string> {
  const headers: Record<string, string> = { 'mcp-protocol-version': version };
  const method = message['method'];
  if (typeof method !== 'string') return headers;
  if (SAFE.test(method)) headers['mcp-method'] = method; // else left out: the server answers with a JSON-RPC error
  const params = isObject(message['params']) ? message['params'] : {};
  const source = method === 'resources/read' ? params['uri'] : method === 'tools/call' || method === 'prompts/get' ? params['name'] : undefined;
  if (typeof source === 'string') headers['mcp-name'] = encodeHeaderValue(source);
  if (method === 'tools/call' && typeof params['name'] === 'string') {
    for (const { path, name } of cache.get(params['name']) ?? []) {
      const v = valueAt(params['arguments'], path);
      const text = typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : undefined;
      if (text !== undefined) headers[`mcp-param-${name.toLowerCase()}`] = encodeHeaderValue(text);
    }
  }
  return headers;
}
