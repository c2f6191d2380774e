// `mcp-oauth tools <url>` and `mcp-oauth call <url> <tool> [json-arguments]`.
import { callTool, type McpToolResult } from '../call-tool';
import { CliError } from '../errors';
import { listTools, type McpCallOptions } from '../list-tools';
import { login } from '../login';
import { seconds, serverUrl, type Parsed } from './args';
import { safeText } from './format';

/** Text from a server for a terminal: newlines and tabs kept, other control characters replaced. */
// eslint-disable-next-line no-control-regex
const terminalText = (s: string): string => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');

function block(c: Record<string, unknown>): string {
  if (c['type'] === 'text' && typeof c['text'] === 'string') return terminalText(c['text']);
  if (c['type'] === 'resource_link') return `[resource ${safeText(c['uri'], 300)}]`;
  const r = c['resource'];
  if (c['type'] === 'resource' && typeof r === 'object' && r !== null) {
    const { uri, text } = r as Record<string, unknown>;
    return typeof text === 'string' ? terminalText(text) : `[resource ${safeText(uri, 300)}]`;
  }
  return `[${safeText(c['type'], 40)}${typeof c['mimeType'] === 'string' ? ` ${safeText(c['mimeType'], 60)}` : ''}]`;
}

/** The tool result's content as lines. */
export function resultLines(r: McpToolResult): string[] {
  const lines = r.content.map(block);
  if (!lines.length && r.structuredContent) lines.push(JSON.stringify(r.structuredContent, null, 2));
  return lines;
}

function parseArguments(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  let v: unknown;
  try { v = JSON.parse(raw); } catch { throw new CliError('UsageError', 'the tool arguments must be a JSON object, e.g. \'{"text":"hello"}\''); }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new CliError('UsageError', 'the tool arguments must be a JSON object, e.g. \'{"text":"hello"}\'');
  return v as Record<string, unknown>;
}

export async function mcpCommand(command: 'tools' | 'call', p: Parsed, out: (l: string) => void, err: (l: string) => void, env: Record<string, string | undefined>): Promise<number> {
  const [rawUrl, name, rawArgs, ...extra] = p.positional;
  if (command === 'call' && (name === undefined || extra.length)) throw new CliError('UsageError', 'expected an MCP server URL, a tool name and optionally the arguments as one JSON object');
  const url = serverUrl({ ...p, positional: rawUrl === undefined ? [] : [rawUrl] }, command);
  if (command === 'tools' && p.positional.length !== 1) throw new CliError('UsageError', 'expected exactly one MCP server URL');
  const args = parseArguments(rawArgs);
  const storeDir = p.options.get('store-dir') ?? env['MCP_OAUTH_STORE_DIR'];
  const timeoutMs = seconds(p, 'timeout');
  const options: McpCallOptions = { ...(storeDir ? { storeDir } : {}), ...(timeoutMs ? { timeoutMs } : {}) };
  const headless = env['MCP_OAUTH_CLI_HEADLESS_AUTHORIZE'] === '1';
  const run = (): Promise<number> => (command === 'tools' ? tools() : call());
  const tools = async (): Promise<number> => {
    const list = await listTools(url, options);
    if (p.flags.has('json')) { out(JSON.stringify(list, null, 2)); return 0; }
    if (!list.length) err('The server lists no tools.');
    for (const t of list) {
      out(`${safeText(t.name, 100)}${t.title !== undefined ? ` (${safeText(t.title, 100)})` : ''}`);
      if (t.description !== undefined) out(`    ${safeText(t.description.replace(/\s+/g, ' '), 300)}`);
    }
    return 0;
  };
  const call = async (): Promise<number> => {
    const r = await callTool(url, name!, args, options);
    if (p.flags.has('json')) out(JSON.stringify(r, null, 2));
    else for (const line of resultLines(r)) out(line);
    if (r.isError) err(`mcp-oauth call: the tool reported an error${p.flags.has('json') ? '' : ' (above)'}`);
    return r.isError ? 1 : 0;
  };
  try {
    return await run();
  } catch (e) {
    // Step-up (C-TOK-3) when a person can authorize: a terminal, or the headless test mode.
    if (!(e instanceof CliError && e.code === 'InsufficientScope' && e.scope && (headless || process.stdin.isTTY === true))) throw e;
    err(`The server needs more scope; signing in again with scope "${e.scope}".`);
    await login(url, { scope: e.scope, print: err, headlessAuthorize: headless, ...(storeDir ? { storeDir } : {}) });
    return run();
  }
}
