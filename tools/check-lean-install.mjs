// A client-only install of @mcp-oauth/node (issue #14, docs/decisions.md): npm leaves out its
// optional peer @mcp-oauth/server-flow, and `@mcp-oauth/node/client` imports without it.
// check-packages.mjs runs this on the tarballs it packed; alone, `node tools/check-lean-install.mjs`
// packs what it needs itself (build node and its dependencies first:
// `pnpm --filter @mcp-oauth/node... run build`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packages, root } from './workspace.mjs';

const node24 = existsSync(join(root, 'node_modules', '.bin', 'node')) ? join(root, 'node_modules', '.bin', 'node') : process.execPath;

/** Entry points that must work with only the package's `dependencies` installed (no optional peer). */
export const LEAN = { '@mcp-oauth/node': ['./client'] };

/** The package and its sibling `dependencies`, transitively (peers excluded). */
function closure(name, byName, out = new Set()) {
  if (out.has(name)) return out;
  out.add(name);
  for (const dep of Object.keys(byName[name]?.pkg.dependencies ?? {})) if (byName[dep]) closure(dep, byName, out);
  return out;
}

/** @returns {string[]} problems, empty when every lean entry imports without the optional peers. */
export function checkLeanInstall(tarballs, scratchBase) {
  const byName = Object.fromEntries(packages().map((p) => [p.name, p]));
  const problems = [];
  for (const [name, entries] of Object.entries(LEAN)) {
    const scratch = join(scratchBase, `lean-${name.replace(/\W/g, '-')}`);
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    const deps = Object.fromEntries([...closure(name, byName)].map((n) => [n, `file:${tarballs[n]}`]));
    const peers = Object.keys(byName[name].pkg.peerDependencies ?? {});
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'lean', private: true, type: 'module', dependencies: { [name]: deps[name] }, overrides: deps }, null, 2));
    try {
      execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (e) {
      problems.push(`${name}: client-only npm install failed (a peer that is not optional?):\n${e.stderr}`);
      continue;
    }
    for (const peer of peers) if (existsSync(join(scratch, 'node_modules', peer))) problems.push(`${name}: npm installed its peer ${peer}`);
    const specs = entries.map((sub) => `${name}/${sub.slice(2)}`);
    writeFileSync(join(scratch, 'probe.mjs'), `for (const s of ${JSON.stringify(specs)}) { const m = await import(s); if (!Object.keys(m).length) throw new Error(s + ': no exports'); }`);
    try {
      execFileSync(node24, ['probe.mjs'], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (e) {
      problems.push(`${name}: ${specs.join(', ')} do not import without ${peers.join(', ')}:\n${e.stderr}`);
    }
    rmSync(scratch, { recursive: true, force: true });
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const byName = Object.fromEntries(packages().map((p) => [p.name, p]));
  const packs = join(root, '.tmp', `lean-packs-${process.pid}`);
  rmSync(packs, { recursive: true, force: true });
  mkdirSync(packs, { recursive: true });
  const tarballs = {};
  for (const name of new Set(Object.keys(LEAN).flatMap((n) => [...closure(n, byName)]))) {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', packs], { cwd: byName[name].dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const file = out.trim().split('\n').pop().trim();
    tarballs[name] = file.startsWith('/') ? file : join(packs, file);
  }
  const problems = checkLeanInstall(tarballs, packs);
  rmSync(packs, { recursive: true, force: true });
  for (const p of problems) console.log(`✗ ${p}`);
  console.log(`lean install: ${Object.keys(LEAN).length - problems.length} passed, ${problems.length} failed`);
  process.exit(problems.length ? 1 : 0);
}
