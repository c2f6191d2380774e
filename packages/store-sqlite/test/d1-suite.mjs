// Run by d1.node.test.ts: bundles d1-worker.mjs with the workspace sources, runs it in workerd
// through miniflare with an in-memory D1 database (loopback only), prints one JSON line of results.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { sourceAliases } from '../../../tools/workspace.mjs';

const { outputFiles } = await build({
  entryPoints: [fileURLToPath(new URL('d1-worker.mjs', import.meta.url))],
  write: false, outfile: 'worker.mjs', bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
  conditions: ['workerd', 'worker', 'browser'], alias: sourceAliases(), logLevel: 'error',
});
const mf = new Miniflare({ host: '127.0.0.1', port: 0, modules: [{ type: 'ESModule', path: 'worker.mjs', contents: outputFiles[0].text }], compatibilityDate: '2026-07-01', d1Databases: ['DB'] });
try {
  const res = await mf.dispatchFetch('http://127.0.0.1/');
  console.log(JSON.stringify({ runtime: 'workerd (miniflare) D1', results: await res.json() }));
} finally {
  await mf.dispose();
}
