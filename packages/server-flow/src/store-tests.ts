import type { CodeRecord, GrantRecord, RefreshTokenRecord, Store, StoredSigningKey } from './store';

/** The parts of a test framework (Vitest, Jest, node:test wrappers) the shared store suite uses. */
export interface StoreTestKit {
  describe: (name: string, body: () => void) => void;
  it: (name: string, body: () => Promise<void>) => void;
  expect: (value: unknown) => {
    toBe(expected: unknown): void;
    toEqual(expected: unknown): void;
    toBeUndefined(): void;
  };
}

/** Options of {@link runStoreTests}. */
export interface StoreTestOptions {
  /** False for stores whose expiry follows the wall clock only; the TTL cases are then skipped. */
  injectableClock?: boolean;
}

/**
 * The conformance suite every {@link Store} implementation must pass: consume-once codes, refresh
 * rotation with reuse detection, revocation lists, transactions taken once, TTLs, the signing-key
 * compare-and-set, grant updates that never resurrect a revoked grant, and the same under concurrency. `makeStore` receives the clock the suite controls.
 *
 * @throws nothing itself; failures surface through the given `expect`.
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest'
 * import type { Store } from '@mcp-oauth/server-flow'
 * import { runStoreTests } from '@mcp-oauth/server-flow/store-tests'
 * declare function redisStore(options: { url: string, now: () => number }): Store
 * runStoreTests({ describe, it, expect }, (now) => redisStore({ url: 'redis://127.0.0.1:6379', now }))
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2
 */
export function runStoreTests(kit: StoreTestKit, makeStore: (now: () => number) => Store | Promise<Store>, options: StoreTestOptions = {}): void {
  const { describe, it, expect } = kit;
  let t = 1_700_000_000_000;
  const now = (): number => t;
  const fresh = async (): Promise<Store> => makeStore(now);
  const grant = (id: string): GrantRecord => ({ id, clientId: 'c1', subject: 'u1', scopes: ['a'], resource: 'https://rs.example/mcp', createdAt: t, expiresAt: t + 3_600_000 });
  const code = (): CodeRecord => ({ grantId: 'g1', clientId: 'c1', redirectUri: 'https://c.example/cb', codeChallenge: 'x'.repeat(43), scopes: ['a'], resource: 'https://rs.example/mcp', subject: 'u1', expiresAt: t + 60_000 });
  const rt = (): RefreshTokenRecord => ({ grantId: 'g1', clientId: 'c1', scopes: ['a'], resource: 'https://rs.example/mcp', expiresAt: t + 86_400_000 });
  const sk = (kid: string): StoredSigningKey => ({ kid, alg: 'ES256', publicJwk: { kty: 'EC', crv: 'P-256', x: `x-${kid}`, y: `y-${kid}`, kid }, sealedPrivateJwk: `k1.sealed-${kid}`, signFrom: t });
  const clockIt: typeof it = options.injectableClock === false ? () => {} : it;

  describe('Store contract', () => {
    it('A-CODE-1: a code is consumed exactly once, also under 20 concurrent attempts (A7)', async () => {
      const s = await fresh();
      await s.putCode('h1', code());
      const wins = await Promise.all(Array.from({ length: 20 }, () => s.consumeCode('h1')));
      expect(wins.filter(Boolean).length).toBe(1);
      expect((await s.getCode('h1'))?.used).toBe(true);
      expect(await s.consumeCode('absent')).toBe(false);
    });

    clockIt('A86, A-CODE-1: a used code is kept past its TTL until keepUntil; an expired code cannot be consumed', async () => {
      const s = await fresh();
      await s.putCode('used', code());
      await s.putCode('late', code());
      expect(await s.consumeCode('used', t + 3_600_000)).toBe(true);
      t += 120_000; // both codes are past their 60 s TTL
      expect((await s.getCode('used'))?.used).toBe(true);
      expect(await s.consumeCode('used', t + 3_600_000)).toBe(false);
      expect(await s.consumeCode('late', t + 3_600_000)).toBe(false);
      t += 3_600_000;
      expect(await s.getCode('used')).toBeUndefined();
    });

    clockIt('A8: codes, grants, refresh tokens and transactions are absent after their expiry', async () => {
      const s = await fresh();
      await s.putCode('h', code());
      await s.putGrant(grant('g'));
      await s.putRefreshToken('r', rt());
      await s.putTransaction('x', { a: 1 }, t + 1000);
      t += 3_600_001;
      expect(await s.getCode('h')).toBeUndefined();
      expect(await s.getGrant('g')).toBeUndefined();
      expect(await s.takeTransaction('x')).toBeUndefined();
      t += 86_400_000;
      expect(await s.getRefreshToken('r')).toBeUndefined();
      expect(await s.rotateRefreshToken('r', 'r2', rt())).toBe('missing');
    });

    it('A-RT-1: rotation marks the old token, a second rotation of it is reuse, concurrent rotations have one winner', async () => {
      const s = await fresh();
      await s.putRefreshToken('r0', rt());
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => s.rotateRefreshToken('r0', `r1-${i}`, rt())));
      expect(results.filter((r) => r === 'rotated').length).toBe(1);
      expect(results.filter((r) => r === 'reused').length).toBe(9);
      const winner = results.indexOf('rotated');
      expect((await s.getRefreshToken(`r1-${winner}`))?.rotated).toBe(false);
      expect(await s.getRefreshToken(`r1-${(winner + 1) % 10}`)).toBeUndefined();
      expect((await s.getRefreshToken('r0'))?.rotated).toBe(true);
      expect((await s.getRefreshToken('r0'))?.rotatedAt).toBe(t);
    });

    it('A-REV-1: grants are revoked once; the revocation list holds JWT ids', async () => {
      const s = await fresh();
      await s.putGrant(grant('g1'));
      expect((await s.getGrant('g1'))?.subject).toBe('u1');
      expect(await s.revokeGrant('g1')).toBe(true);
      expect(await s.revokeGrant('g1')).toBe(false);
      expect(await s.getGrant('g1')).toBeUndefined();
      expect(await s.isAccessTokenRevoked('j1')).toBe(false);
      await s.revokeAccessToken('j1', t + 1000);
      expect(await s.isAccessTokenRevoked('j1')).toBe(true);
    });

    it('A-CC-1: addIfAbsent admits a key once (assertion replay guard), also under concurrency', async () => {
      const s = await fresh();
      const r = await Promise.all(Array.from({ length: 5 }, () => s.addIfAbsent('jti-1', t + 60_000)));
      expect(r.filter(Boolean).length).toBe(1);
      expect(await s.addIfAbsent('jti-2', t + 60_000)).toBe(true);
    });

    clockIt('A81: max live keys per group, also under concurrency', async () => {
      const s = await fresh();
      // the group is the id's first letter
      const add = (k: string): Promise<string> => s.addIfAbsentCapped(k[0]!, k, t + 60_000, 3);
      // four distinct keys at once: three added, one full
      expect((await Promise.all(['a1', 'a2', 'a3', 'a4'].map(add))).filter((r) => r === 'full').length).toBe(1);
      expect(await add('b1')).toBe('added');
      expect(await add('b1')).toBe('present');
      t += 60_001;
      expect(await add('a5')).toBe('added');
    });

    it('RFC 7517 §4.5: signing keys are stored by compare-and-set: of 10 first writers exactly one wins, a stale version is refused', async () => {
      const s = await fresh();
      expect(await s.getSigningKeys()).toBeUndefined();
      const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => s.updateSigningKeys(0, [sk(`k${i}`)])));
      expect(wins.filter(Boolean).length).toBe(1);
      const first = await s.getSigningKeys();
      expect(first?.version).toBe(1);
      expect(first?.keys).toEqual([sk(`k${wins.indexOf(true)}`)]);
      expect(await s.updateSigningKeys(0, [sk('late')])).toBe(false);
      expect(await s.updateSigningKeys(2, [sk('ahead')])).toBe(false);
      const next = await Promise.all([s.updateSigningKeys(1, [sk('a'), sk('k0')]), s.updateSigningKeys(1, [sk('b'), sk('k0')])]);
      expect(next.filter(Boolean).length).toBe(1);
      const second = await s.getSigningKeys();
      expect(second?.version).toBe(2);
      expect(second?.keys.map((k) => k.kid)).toEqual([next[0] ? 'a' : 'b', 'k0']);
      expect(await s.updateSigningKeys(1, [sk('stale')])).toBe(false);
    });

    it('A-RT-1: updateGrant replaces a live grant only; a revoked grant never comes back', async () => {
      const s = await fresh();
      await s.putGrant(grant('g1'));
      expect(await s.updateGrant({ ...grant('g1'), upstreamSealed: 'k1.renewed' })).toBe(true);
      expect((await s.getGrant('g1'))?.upstreamSealed).toBe('k1.renewed');
      expect(await s.revokeGrant('g1')).toBe(true);
      expect(await s.updateGrant({ ...grant('g1'), upstreamSealed: 'k1.late' })).toBe(false);
      expect(await s.getGrant('g1')).toBeUndefined();
      expect(await s.updateGrant(grant('never'))).toBe(false);
      expect(await s.getGrant('never')).toBeUndefined();
    });

    clockIt('A8: updateGrant refuses an expired grant', async () => {
      const s = await fresh();
      await s.putGrant(grant('g2'));
      const renewed = { ...grant('g2'), expiresAt: t + 7_200_000 };
      t += 3_600_001;
      expect(await s.updateGrant(renewed)).toBe(false);
      expect(await s.getGrant('g2')).toBeUndefined();
    });

    it('A74: a transaction is taken once, also under concurrency', async () => {
      const s = await fresh();
      await s.putTransaction('x', { v: 'y' }, t + 60_000);
      const got = await Promise.all([s.takeTransaction('x'), s.takeTransaction('x'), s.takeTransaction('x')]);
      expect(got.filter((g) => g !== undefined).length).toBe(1);
      expect(got.find((g) => g !== undefined)).toEqual({ v: 'y' });
    });

    it('A-DCR-1: clients, consent and opaque tokens round-trip; changing a returned or stored object never changes the store', async () => {
      const s = await fresh();
      const metadata = { redirect_uris: ['https://c.example/cb'] as string[], token_endpoint_auth_method: 'none' as const, grant_types: ['authorization_code'], response_types: ['code'] };
      await s.putClient({ clientId: 'c1', metadata, issuedAt: 1, source: 'dcr' });
      metadata.redirect_uris.push('https://late.example/cb');
      const c = await s.getClient('c1');
      expect(c?.metadata.redirect_uris).toEqual(['https://c.example/cb']);
      try { c!.metadata.redirect_uris.push('https://evil.example/cb'); } catch { /* a frozen result is fine too */ }
      expect((await s.getClient('c1'))?.metadata.redirect_uris).toEqual(['https://c.example/cb']);
      await s.deleteClient('c1');
      expect(await s.getClient('c1')).toBeUndefined();
      await s.putConsent('k', ['a'], t + 1000);
      expect(await s.getConsent('k')).toEqual(['a']);
      await s.putAccessToken('h', { jti: 'j', grantId: 'g', clientId: 'c1', subject: 'u', scopes: [], resource: 'r', issuedAt: t, expiresAt: t + 1000 });
      expect((await s.getAccessToken('h'))?.jti).toBe('j');
    });
  });
}
