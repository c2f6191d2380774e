// The whole test command (`pnpm test`, run by `bash dev test` and CI): type-check, unit and property
// tests on Node 24 (Vitest), the same tests on Node 22 and 26, Deno, Bun and Chromium (the runtime matrix),
// build, then the published-package checks. Every step runs; the run fails if any step failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './workspace.mjs';

mkdirSync(join(root, '.tmp'), { recursive: true });
const bin = (n) => join(root, 'node_modules', '.bin', n);
const steps = [
  ['typecheck', 'node', ['tools/typecheck.mjs']],
  // Built first: tests run from source, but the cli's executable test runs dist/bin.js.
  ['build', 'pnpm', ['-r', '--no-bail', '--silent', '--filter', './packages/*', 'run', 'build']],
  ['vitest (node 24)', bin('vitest'), ['run', '--reporter=dot', '--reporter=json', '--outputFile.json=.tmp/vitest.json']],
  ['runtime matrix', 'node', ['tools/matrix/run.mjs']],
  ['packages', 'node', ['tools/check-packages.mjs']],
  ['api reference and error codes', 'node', ['tools/api-docs.mjs', '--check']],
  ['conformance doc', 'node', ['tools/conformance.mjs', '--check']],
  ['docs code blocks', 'node', ['tools/check-docs.mjs']],
  ['official MCP conformance suite (client)', 'node', ['examples/conformance-client/run-conformance.mjs']],
];

const results = [];
for (const [name, cmd, args] of steps) {
  const t0 = Date.now();
  console.log(`\n── ${name} ${'─'.repeat(Math.max(0, 70 - name.length))}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  results.push({ name, ok: r.status === 0, secs: ((Date.now() - t0) / 1000).toFixed(1) });
}

let tests = 0;
let testsFailed = 0;
try {
  const v = JSON.parse(readFileSync(join(root, '.tmp/vitest.json'), 'utf8'));
  tests += v.numPassedTests;
  testsFailed += v.numFailedTests;
  console.log(`\nvitest (node ${process.versions.node}): ${v.numPassedTests} passed, ${v.numFailedTests} failed`);
} catch {}
try {
  const m = JSON.parse(readFileSync(join(root, '.tmp/matrix/summary.json'), 'utf8'));
  tests += m.passed;
  testsFailed += m.failed;
} catch {}

console.log('\n── summary');
for (const r of results) console.log(`${r.ok ? '✓' : '✗'} ${r.name} (${r.secs} s)`);
const failedSteps = results.filter((r) => !r.ok).length;
console.log(`tests: ${tests} passed, ${testsFailed + failedSteps} failed`);
process.exit(failedSteps || testsFailed || tests === 0 ? 1 : 0);
