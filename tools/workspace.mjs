// Facts about the workspace every tool shares: the packages, their entry points, and the aliases
// that let tests run from source (`@mcp-oauth/x[/sub]` -> packages/x/src/<entry>.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {{ dir: string, name: string, short: string, pkg: any }[]} */
export function packages() {
  const base = join(root, 'packages');
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(base, d.name, 'package.json')))
    .map((d) => {
      const dir = join(base, d.name);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { dir, name: pkg.name, short: d.name, pkg };
    })
    .sort((a, b) => a.short.localeCompare(b.short));
}

/** Export subpaths of a package that point at JavaScript: { '.': 'index', './verify': 'verify' }. */
export function entryPoints(pkg) {
  const out = {};
  for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
    const file = typeof target === 'string' ? target : target.default ?? target.import;
    if (typeof file !== 'string' || !file.endsWith('.js')) continue;
    out[sub] = file.replace(/^\.\/dist\//, '').replace(/\.js$/, '');
  }
  return out;
}

/** Exact-match aliases from every published specifier to its source file. */
export function sourceAliases() {
  const aliases = {};
  for (const p of packages()) {
    for (const [sub, entry] of Object.entries(entryPoints(p.pkg))) {
      const spec = sub === '.' ? p.name : `${p.name}/${sub.slice(2)}`;
      aliases[spec] = join(p.dir, 'src', `${entry}.ts`);
    }
  }
  return aliases;
}
