import { runDemo } from './run-demo';
import { CliError } from './errors';
import { inspect } from './inspect';
import { headerPairs, parseArgs, seconds, serverUrl, type Parsed } from './internal/args';
import { HELP } from './internal/help';
import { formatReport } from './internal/inspect-print';
import { logoutLines } from './internal/logout-print';
import { describe } from './internal/steps';
import { login } from './login';
import { logout } from './logout';
import { token } from './token';
import { mcpCommand } from './internal/mcp-command';

/** Where {@link runCli} writes and what it reads from its environment. */
export interface CliIo {
  /** Results (the token, the JSON report, the demo's steps). Default: stdout. */
  readonly out?: (line: string) => void;
  /** Progress and errors. Default: stderr. */
  readonly err?: (line: string) => void;
  /** Default: `process.env`. */
  readonly env?: Record<string, string | undefined>;
}

const VERSION = '0.0.0';
const COMMANDS: Record<string, { flags: string[]; options: string[]; repeatable?: string[] }> = {
  demo: { flags: ['interactive'], options: ['timeout'] },
  inspect: { flags: ['json'], options: ['timeout'] },
  login: { flags: [], options: ['scope', 'port', 'client-name', 'client-id', 'client-issuer', 'client-metadata-url', 'store-dir', 'timeout'] },
  token: { flags: [], options: ['store-dir'] },
  logout: { flags: [], options: ['store-dir'] },
  tools: { flags: ['json'], options: ['store-dir', 'timeout'] },
  call: { flags: ['json'], options: ['store-dir', 'timeout'] },
  check: { flags: ['intrusive', 'json'], options: ['timeout', 'max-requests', 'rate', 'other-resource', 'refresh-grace'] },
  proxy: { flags: ['device'], options: ['header', 'scope', 'client-id', 'client-metadata-url', 'port', 'store-dir'], repeatable: ['header'] },
};

async function dispatch(command: string, p: Parsed, out: (l: string) => void, err: (l: string) => void, env: Record<string, string | undefined>): Promise<number> {
  const storeDir = p.options.get('store-dir') ?? env['MCP_OAUTH_STORE_DIR'];
  const store = storeDir ? { storeDir } : {};
  switch (command) {
    case 'demo': {
      if (p.positional.length) throw new CliError('UsageError', 'no arguments expected');
      const timeoutMs = seconds(p, 'timeout');
      const r = await runDemo({ interactive: p.flags.has('interactive'), print: out, ...(timeoutMs ? { timeoutMs } : {}) });
      return r.ok ? 0 : 1;
    }
    case 'inspect': {
      const timeoutMs = seconds(p, 'timeout');
      const report = await inspect(serverUrl(p, 'inspect'), { progress: err, ...(timeoutMs ? { timeoutMs } : {}) });
      if (p.flags.has('json')) out(JSON.stringify(report, null, 2));
      else for (const line of formatReport(report)) out(line);
      return report.ok ? 0 : 1;
    }
    case 'login': {
      const url = serverUrl(p, 'login');
      const port = p.options.get('port');
      if (port !== undefined && !/^\d{1,5}$/.test(port)) throw new CliError('UsageError', '--port must be a port number');
      const timeoutMs = seconds(p, 'timeout');
      const r = await login(url, {
        ...store, print: err, headlessAuthorize: env['MCP_OAUTH_CLI_HEADLESS_AUTHORIZE'] === '1',
        ...(port !== undefined ? { port: Number(port) } : {}), ...(timeoutMs ? { timeoutMs } : {}),
        ...(p.options.has('scope') ? { scope: p.options.get('scope')! } : {}),
        ...(p.options.has('client-name') ? { clientName: p.options.get('client-name')! } : {}),
        ...(p.options.has('client-id') ? { clientId: p.options.get('client-id')! } : {}),
        ...(p.options.has('client-id') && env['MCP_OAUTH_CLIENT_SECRET'] ? { clientSecret: env['MCP_OAUTH_CLIENT_SECRET'] } : {}),
        ...(p.options.has('client-issuer') ? { clientIssuer: p.options.get('client-issuer')! } : {}),
        ...(p.options.has('client-metadata-url') ? { clientMetadataUrl: p.options.get('client-metadata-url')! } : {}),
      });
      const until = r.expiresAt ? `, access token valid until ${new Date(r.expiresAt * 1000).toISOString()}` : '';
      err(`Logged in to ${url.href} (authorization server ${r.issuer}${r.scope ? `, scope "${r.scope}"` : ''}${until}${r.refreshable ? ', refreshable' : ''}).`);
      err(`Tokens stored in ${r.file}`);
      return 0;
    }
    case 'token':
      out(await token(serverUrl(p, 'token'), store));
      return 0;
    case 'tools':
    case 'call':
      return mcpCommand(command, p, out, err, env);
    case 'proxy': {
      const url = serverUrl(p, 'proxy');
      const port = p.options.get('port');
      if (port !== undefined && !/^\d{1,5}$/.test(port)) throw new CliError('UsageError', '--port must be a port number');
      const headers = headerPairs(p.lists.get('header') ?? [], env);
      if (headers.length > 0 && ['scope', 'client-id', 'client-metadata-url', 'port'].some((o) => p.options.has(o))) {
        throw new CliError('UsageError', '--header replaces OAuth: --scope, --client-id, --client-metadata-url and --port do not go with it');
      }
      if (headers.length > 0 && p.flags.has('device')) throw new CliError('UsageError', '--header replaces OAuth: --device does not go with it');
      const { proxy } = await import('./proxy');
      const r = await proxy(url, {
        ...store, print: err, headlessAuthorize: env['MCP_OAUTH_CLI_HEADLESS_AUTHORIZE'] === '1',
        ...(headers.length > 0 ? { headers } : {}),
        ...(port !== undefined ? { port: Number(port) } : {}),
        ...(p.flags.has('device') ? { device: true } : {}),
        ...(p.options.has('scope') ? { scope: p.options.get('scope')! } : {}),
        ...(p.options.has('client-id') ? { clientId: p.options.get('client-id')! } : {}),
        ...(p.options.has('client-id') && env['MCP_OAUTH_CLIENT_SECRET'] ? { clientSecret: env['MCP_OAUTH_CLIENT_SECRET'] } : {}),
        ...(p.options.has('client-metadata-url') ? { clientMetadataUrl: p.options.get('client-metadata-url')! } : {}),
      });
      return r.exitCode;
    }
    case 'logout': {
      const url = serverUrl(p, 'logout');
      const r = await logout(url, store);
      for (const line of logoutLines(url, r)) err(line);
      return 0;
    }
    case 'check': {
      const timeoutMs = seconds(p, 'timeout');
      const count = (name: string): number | undefined => {
        const v = p.options.get(name);
        if (v !== undefined && !/^[1-9]\d{0,5}$/.test(v)) throw new CliError('UsageError', `--${name} must be a positive whole number`);
        return v === undefined ? undefined : Number(v);
      };
      const other = p.options.get('other-resource');
      const maxRequests = count('max-requests');
      const rate = count('rate');
      // Loaded on demand: the conformance kit (and fast-check) only for `check`.
      const [{ check }, { formatConformanceReport }] = await Promise.all([import('./check'), import('@mcp-oauth/conformance')]);
      const report = await check(serverUrl(p, 'check'), {
        intrusive: p.flags.has('intrusive'), progress: err, ...(timeoutMs ? { timeoutMs } : {}), ...(maxRequests ? { maxRequests } : {}),
        ...(rate ? { requestsPerSecond: rate } : {}), ...(other !== undefined ? { otherResource: other } : {}), ...(p.options.has('refresh-grace') ? { refreshReuseGraceMs: seconds(p, 'refresh-grace')! } : {}),
      });
      if (p.flags.has('json')) out(JSON.stringify(report, null, 2));
      else for (const line of formatConformanceReport(report)) out(line);
      return report.ok ? 0 : 1;
    }
  }
  throw new CliError('UsageError', 'unknown command');
}

/**
 * The `mcp-oauth` command line: parses `argv` (without `node` and the script), runs the command
 * and resolves its exit status: 0 success, 1 failure (a problem a person can act on is printed),
 * 2 usage error. Never throws; no message contains a token or secret (only `token` prints one,
 * on `out`, which is its purpose).
 *
 * @example
 * ```ts
 * import { runCli } from '@mcp-oauth/cli';
 *
 * process.exitCode = await runCli(process.argv.slice(2));
 * ```
 * @throws Nothing: every failure becomes an exit status and a message on `err`.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const out = io.out ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const env = io.env ?? process.env;
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' && rest[0] && HELP[rest[0]] ? rest[0] : 'main';
    (command === undefined ? err : out)(HELP[topic]!);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') { out(VERSION); return 0; }
  const spec = COMMANDS[command];
  if (!spec || !Object.hasOwn(COMMANDS, command)) {
    err(`mcp-oauth: unknown command "${command.replace(/[^\w-]/g, '?').slice(0, 40)}"; run mcp-oauth --help`);
    return 2;
  }
  try {
    const p = parseArgs(rest, [...spec.flags, 'help'], spec.options, spec.repeatable);
    if (p.flags.has('help')) { out(HELP[command]!); return 0; }
    return await dispatch(command, p, out, err, env);
  } catch (e) {
    if (e instanceof CliError && e.code === 'UsageError') {
      err(`mcp-oauth ${command}: ${e.message.replace(/^UsageError: /, '')}`);
      err(`Run mcp-oauth ${command} --help for usage.`);
      return 2;
    }
    err(`mcp-oauth ${command}: ${describe(e)}`);
    return 1;
  }
}
