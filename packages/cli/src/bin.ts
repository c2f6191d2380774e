// The `mcp-oauth` executable (tsup adds the `#!/usr/bin/env node` line).
import { runCli } from './run-cli';

process.exitCode = await runCli(process.argv.slice(2));
