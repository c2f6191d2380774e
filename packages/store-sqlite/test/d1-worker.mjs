// Bundled and run in workerd by d1-suite.mjs: the shared Store suite on the worker's D1 binding
// `DB`, one table prefix per store; the response is the JSON list of results.
import { runStoreTests } from '@mcp-oauth/server-flow/store-tests';
import { sqliteStore } from '@mcp-oauth/store-sqlite';
import { tinyKit } from './tiny-kit.mjs';

export default {
  async fetch(_request, env) {
    const { kit, run } = tinyKit();
    let n = 0;
    kit.describe('D1', () => runStoreTests(kit, (now) => sqliteStore({ database: env.DB, now, tablePrefix: `s${++n}_` })));
    return Response.json(await run());
  },
};
