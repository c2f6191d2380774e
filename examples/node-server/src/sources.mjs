// Lets `node --experimental-strip-types` run the example straight from the workspace sources:
// `@mcp-oauth/<pkg>[/<entry>]` → packages/<pkg>/src/<entry>.ts, and extensionless relative imports
// inside those sources → `.ts`. (Published packages need none of this.)
import { register } from 'node:module';

register('./sources-hooks.mjs', import.meta.url);
