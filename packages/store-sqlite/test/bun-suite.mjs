// Run by bun-sqlite.node.test.ts under Bun (which resolves @mcp-oauth/* to the sources through the
// tsconfig paths): the shared Store suite on bun:sqlite; prints one JSON line of results.
import { Database } from 'bun:sqlite';
import { runStoreTests } from '@mcp-oauth/server-flow/store-tests';
import { sqliteStore } from '@mcp-oauth/store-sqlite';
import { tinyKit } from './tiny-kit.mjs';

const { kit, run } = tinyKit();
const dir = process.argv[2];
let n = 0;
kit.describe('bun:sqlite, in memory', () => runStoreTests(kit, (now) => sqliteStore({ database: new Database(':memory:'), now })));
kit.describe('bun:sqlite, a file', () => runStoreTests(kit, (now) => sqliteStore({ database: new Database(`${dir}/bun-${++n}.db`), now })));
console.log(JSON.stringify({ runtime: `bun ${Bun.version}`, results: await run() }));
