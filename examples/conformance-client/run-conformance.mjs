#!/usr/bin/env node
// Runs the official MCP conformance suite (@modelcontextprotocol/conformance, installed at the
// root) against this client: `--suite auth` at spec 2025-11-25, every auth scenario of spec
// 2026-07-28, the auth extension scenarios (client credentials, DPoP, enterprise-managed
// authorization, workload identity) and `--suite backcompat` (2025-03-26). No expected-failures
// file. Prints `conformance: N passed, M failed` (scenarios) and exits non-zero on any failure.
// Usage (from the repository root): node examples/conformance-client/run-conformance.mjs [--verbose]
import { spawn } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const verbose = process.argv.includes('--verbose');
const pnpm = process.env.PNPM ?? 'pnpm';
const command = `${pnpm} --silent --dir ${relative(root, here) || '.'} start`;

function run(args, { quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(pnpm, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      if (verbose && !quiet) process.stdout.write(out);
      resolve({ code, out });
    });
  });
}

// The scenario list, from the installed suite itself. (The client runs from the workspace sources,
// see package.json `start`, so nothing needs building first.)
const list = (await run(['exec', 'conformance', 'list'], { quiet: true })).out;
const clientPart = list.slice(list.indexOf('Client scenarios'), list.indexOf('Authorization server scenarios'));
const scenarios = [...clientPart.matchAll(/^\s*- (auth\/\S+) \[([^\]]+)\]/gm)].map((m) => ({ name: m[1], tags: m[2].split(',') }));
const at2026 = scenarios.filter((s) => s.tags.includes('2026-07-28')).map((s) => s.name);
const extensions = scenarios.filter((s) => s.tags.includes('extension')).map((s) => s.name);

const results = []; // { label, ok }
const conf = (args) => run(['exec', 'conformance', 'client', '--command', command, ...args]);

function suiteResults(label, { code, out }) {
  const lines = [...out.matchAll(/^([✓✗]) (\S+): (\d+) passed, (\d+) failed/gm)];
  if (!lines.length) results.push({ label: `${label} (no summary, exit ${code})`, ok: false });
  for (const [, mark, name] of lines) results.push({ label: `${label} ${name}`, ok: mark === '✓' });
  if (!/Total: \d+ passed, 0 failed, 0 warnings/.test(out)) {
    if (lines.every(([, mark]) => mark === '✓')) results.push({ label: `${label} (failures or warnings in total)`, ok: false });
  }
}

suiteResults('2025-11-25', await conf(['--suite', 'auth', '--spec-version', '2025-11-25']));
suiteResults('2025-03-26', await conf(['--suite', 'backcompat']));

// Single scenarios, two at a time (the machine has 2 cores).
const singles = [
  ...at2026.map((name) => ({ name, args: ['--scenario', name, '--spec-version', '2026-07-28'], label: '2026-07-28' })),
  ...extensions.map((name) => ({ name, args: ['--scenario', name], label: 'extension' })),
];
const queue = [...singles];
await Promise.all([0, 1].map(async () => {
  for (let s = queue.shift(); s; s = queue.shift()) {
    const r = await conf(s.args);
    const ok = r.code === 0 && /OVERALL: PASSED/.test(r.out) && /, 0 failed, 0 warnings/.test(r.out);
    results.push({ label: `${s.label} ${s.name}`, ok });
    if (!ok && !verbose) process.stdout.write(r.out.slice(-4000));
  }
}));

for (const r of results) console.log(`${r.ok ? '✓' : '✗'} ${r.label}`);
const failed = results.filter((r) => !r.ok).length;
console.log(`conformance: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed || !results.length ? 1 : 0);
