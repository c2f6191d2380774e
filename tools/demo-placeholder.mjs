// Until the demo exists (issue 7), the first quick-start command builds every package and lists them.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packages, root } from './workspace.mjs';

const r = spawnSync('pnpm', ['-r', '--silent', '--filter', './packages/*', 'run', 'build'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
console.log('Built packages:');
for (const p of packages()) {
  const file = join(p.dir, 'dist', 'index.js');
  console.log(`  ${p.name}@${p.pkg.version}  ${existsSync(file) ? `${statSync(file).size} B dist/index.js` : '(no dist)'}`);
}
