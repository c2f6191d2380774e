import { describe, expect, it } from 'vitest';
import { guardedFetch } from '@mcp-oauth/metadata';

describe('guardedFetch request options', () => {
  it('C-SSRF-1: passes method, headers and credentials through but always sets redirect: manual and the signal', async () => {
    const seen: RequestInit[] = [];
    const fake = (async (_url: string, init: RequestInit) => {
      seen.push(init);
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const signal = new AbortController().signal;
    await guardedFetch('https://as.example.com/x', {
      fetch: fake,
      signal,
      init: { credentials: 'omit', headers: { accept: 'application/json' }, redirect: 'follow' } as RequestInit,
    });
    expect(seen[0]).toMatchObject({ credentials: 'omit', headers: { accept: 'application/json' }, redirect: 'manual', signal });
  });
});
