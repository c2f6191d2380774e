import { describe, expect, it } from 'vitest';
import { memoryStore } from '@mcp-oauth/server-flow';
import { runStoreTests } from '@mcp-oauth/server-flow/store-tests';

runStoreTests({ describe, it, expect }, (now) => memoryStore({ now }));

