// The examples' environment parser (src/env.ts) in process: every accepted and refused value.
import { describe, expect, it } from 'vitest';
import { openStore, parseStoreSpec, publicOrigin, tokenFormat } from '../src/env.ts';

describe('examples/shared/src/env.ts', () => {
  it('MCP_OAUTH_STORE: memory, sqlite:<file>, redis://host:port[/db]; unset or empty is the default SQLite file', () => {
    expect(parseStoreSpec(undefined, '.data/as.db')).toEqual({ kind: 'sqlite', file: '.data/as.db' });
    expect(parseStoreSpec(' ', '.data/as.db')).toEqual({ kind: 'sqlite', file: '.data/as.db' });
    expect(parseStoreSpec('memory', 'x')).toEqual({ kind: 'memory' });
    expect(parseStoreSpec('sqlite:/var/lib/as.db', 'x')).toEqual({ kind: 'sqlite', file: '/var/lib/as.db' });
    expect(parseStoreSpec('redis://127.0.0.1:6379', 'x')).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379' });
    expect(parseStoreSpec('redis://user:pw@redis.internal:6380/3', 'x')).toEqual({ kind: 'redis', url: 'redis://user:pw@redis.internal:6380/3' });
    for (const bad of ['sqlite:', 'Memory', 'postgres://db/x', 'redis://h:1/db', 'redis://h:1/1?x=1', 'redis://', 'file.db']) {
      expect(() => parseStoreSpec(bad, 'x'), bad).toThrow(/MCP_OAUTH_STORE/);
    }
  });

  it('RFC 8414 §2: MCP_OAUTH_PUBLIC_URL is an origin (no path, query, fragment or credentials); unset is the fallback', () => {
    expect(publicOrigin(undefined, 'http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(publicOrigin('https://mcp.example.com', 'x')).toBe('https://mcp.example.com');
    expect(publicOrigin('https://mcp.example.com/', 'x')).toBe('https://mcp.example.com');
    for (const bad of ['mcp.example.com', 'https://mcp.example.com/base', 'https://mcp.example.com?x', 'https://u:p@mcp.example.com', 'ftp://mcp.example.com']) {
      expect(() => publicOrigin(bad, 'x'), bad).toThrow(/MCP_OAUTH_PUBLIC_URL/);
    }
  });

  it('MCP_OAUTH_TOKEN_FORMAT: jwt (default) or opaque', () => {
    expect(tokenFormat(undefined)).toBe('jwt');
    expect(tokenFormat('opaque')).toBe('opaque');
    expect(() => tokenFormat('paseto')).toThrow(/MCP_OAUTH_TOKEN_FORMAT/);
  });

  it('a store kind the runtime has no driver for is refused with a message naming the variable', async () => {
    await expect(openStore({ kind: 'redis', url: 'redis://127.0.0.1:1' }, {})).rejects.toThrow(/MCP_OAUTH_STORE=redis/);
    await expect(openStore({ kind: 'sqlite', file: 'a.db' }, {})).rejects.toThrow(/MCP_OAUTH_STORE=sqlite:a\.db/);
    expect((await openStore({ kind: 'memory' }, {})).description).toContain('memory');
  });
});
