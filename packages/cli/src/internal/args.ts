// A strict command-line parser: known flags and options only, `--name value` or `--name=value`.
import { CliError } from '../errors';

export interface Parsed {
  readonly positional: string[];
  readonly flags: Set<string>;
  readonly options: Map<string, string>;
  /** Every value of a repeatable option, in order (`options` holds the last). */
  readonly lists: Map<string, string[]>;
}

/**
 * Parses `argv` against the flags (no value) and options (one value) a command accepts; the options
 * in `repeatable` may be given more than once (all values in `lists`), the others only once.
 */
export function parseArgs(argv: readonly string[], flags: readonly string[], options: readonly string[], repeatable: readonly string[] = []): Parsed {
  const out: Parsed = { positional: [], flags: new Set(), options: new Map(), lists: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { out.positional.push(...argv.slice(i + 1)); break; }
    if (!a.startsWith('-') || a === '-') { out.positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = (eq < 0 ? a : a.slice(0, eq)).replace(/^--?/, '');
    if (a === '-h') { out.flags.add('help'); continue; }
    if (flags.includes(name) && eq < 0) { out.flags.add(name); continue; }
    if (!options.includes(name)) throw new CliError('UsageError', `unknown option ${name.length <= 40 ? `--${name.replace(/[^\w-]/g, '?')}` : ''}`.trim());
    const value = eq < 0 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined || value === '') throw new CliError('UsageError', `--${name} needs a value`);
    if (repeatable.includes(name)) {
      const list = out.lists.get(name) ?? [];
      if (list.length >= 64) throw new CliError('UsageError', `--${name} is given too many times`);
      out.lists.set(name, [...list, value]);
    }
    out.options.set(name, value);
  }
  return out;
}

/** A positive number of seconds from an option, in milliseconds. */
export function seconds(p: Parsed, name: string): number | undefined {
  const v = p.options.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new CliError('UsageError', `--${name} must be a positive number of seconds`);
  return n * 1000;
}

/** The one MCP server URL a command takes. */
export function serverUrl(p: Parsed, command: string): URL {
  // No command name in these messages: runCli prefixes `mcp-oauth <command>: ` itself.
  if (p.positional.length !== 1) throw new CliError('UsageError', `expected exactly one MCP server URL${command === 'check' ? ' or issuer' : ''}`);
  const raw = p.positional[0]!;
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) throw new CliError('UsageError', 'the MCP server URL must be an http(s) URL');
  return new URL(raw);
}

/**
 * `--header "Name: value"` pairs: a header name (RFC 9110 token) and a value without line breaks.
 * `${VAR}` in a value is read from the environment, so a secret can stay out of the command line
 * (which other local users see in the process list); a variable that is not set is a usage error.
 */
export function headerPairs(values: readonly string[], env: Record<string, string | undefined>): [string, string][] {
  return values.map((v) => {
    const colon = v.indexOf(':');
    const name = colon < 0 ? '' : v.slice(0, colon).trim();
    const value = (colon < 0 ? '' : v.slice(colon + 1)).replace(/\$\{([A-Za-z_][A-Za-z0-9_]{0,63})\}/g, (_, k: string) => {
      const set = env[k];
      if (set === undefined) throw new CliError('UsageError', `--header refers to \${${k}}, which is not set in the environment`);
      return set;
    }).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new CliError('UsageError', '--header must be "Name: value" with an HTTP header name');
    if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) throw new CliError('UsageError', '--header values cannot hold line breaks or control characters');
    return [name, value];
  });
}
