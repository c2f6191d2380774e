import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '@mcp-oauth/jwt-lite';
import { memoryStore, type MemoryStore } from '@mcp-oauth/server-flow';
import { RESOURCE, fullFlow, setup } from './helpers';
import type { Fixture } from './helpers';

const OPERATOR_KEY = 'k'.repeat(40);
const kidOf = (jwt: string): string => (JSON.parse(atob(jwt.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))) as { kid: string }).kid;
const kids = async (f: Fixture): Promise<string[]> => (await f.as.jwks()).keys.map((k) => String(k.kid));
const issue = async (f: Fixture): Promise<string> => (await fullFlow(f.as, { resource: RESOURCE })).tokens.access_token;

/** Instances on one store sharing one clock (a restart is a new instance). */
function fleet(): { clock: { t: number }; store: MemoryStore; instance: (over?: Parameters<typeof setup>[0]) => Fixture } {
  const clock = { t: 1_750_000_000_000 };
  const store = memoryStore({ now: () => clock.t });
  const registration = { rateLimit: { limit: 1_000_000, windowMs: 60_000 } }; // every token below comes from a fresh client
  return { clock, store, instance: (over = {}) => setup({ store, now: () => clock.t, registration, ...over }) };
}

describe('signing keys in the store (issue #13)', () => {
  it('RFC 7517 §5: two authorization servers starting at once on one empty store adopt one key, publish the same JWKS and verify each other\'s tokens', async () => {
    const { store, instance } = fleet();
    const [a, b] = [instance(), instance()];
    const [ja, jb] = await Promise.all([a.as.jwks(), b.as.jwks()]);
    expect(ja.keys.length).toBe(1);
    expect(jb).toEqual(ja);
    expect((await store.getSigningKeys())?.version).toBe(1);
    const fromA = await issue(a);
    const fromB = await issue(b);
    expect(kidOf(fromA)).toBe(kidOf(fromB));
    expect((await b.as.verifier()(fromA, RESOURCE)).resource).toBe(RESOURCE);
    expect((await a.as.verifier()(fromB, RESOURCE)).resource).toBe(RESOURCE);
  });

  it('R-TOK-1: after a restart (a new server object on the same store) the JWKS is the same and tokens issued before still verify', async () => {
    const { instance } = fleet();
    const before = instance();
    const token = await issue(before);
    const jwks = await before.as.jwks();
    const after = instance(); // the old object is gone: nothing is shared but the store
    expect(await after.as.jwks()).toEqual(jwks);
    expect((await after.as.verifier()(token, RESOURCE)).resource).toBe(RESOURCE);
  });

  it('RFC 7517 §5: a rotation on one instance is published by both before either signs with it, and the old key stays published while its tokens live', async () => {
    const { clock, instance } = fleet();
    const [a, b] = [instance(), instance()];
    const [k1] = await kids(a);
    expect(await kids(b)).toEqual([k1]);
    await a.as.rotateSigningKey(); // default: signs after signingKeyRefresh (60 s) + the /jwks cache time (300 s)
    const k2 = (await kids(a))[0]!;
    expect(k2).not.toBe(k1);
    const seen = new Set<string>();
    let lastOfK1 = { token: '', at: 0 };
    // Every 20 s for 20 minutes: whatever kid an instance signs with is in the other's JWKS, and its
    // token verifies there; the last token of k1 verifies (k1 published by both) until it expires.
    for (let s = 0; s <= 1200; s += 20) {
      for (const [x, y] of [[a, b], [b, a]] as const) {
        const tok = await issue(x);
        seen.add(kidOf(tok));
        if (kidOf(tok) === k1) lastOfK1 = { token: tok, at: s };
        expect(await kids(y)).toContain(kidOf(tok));
        expect((await y.as.verifier()(tok, RESOURCE)).resource).toBe(RESOURCE);
      }
      if (s < 360) expect(kidOf(await issue(a))).toBe(k1);
      if (s < lastOfK1.at + 600) {
        for (const f of [a, b]) {
          expect(await kids(f)).toContain(k1);
          expect((await f.as.verifier()(lastOfK1.token, RESOURCE)).resource).toBe(RESOURCE);
        }
      }
      clock.t += 20_000;
    }
    expect(lastOfK1.at).toBeGreaterThanOrEqual(340);
    expect([...seen].sort()).toEqual([k1, k2].sort());
    expect(kidOf(await issue(a))).toBe(k2);
    // Both instances now publish k1 until a later rotation finds its tokens expired.
    await b.as.rotateSigningKey();
    clock.t += 60_000;
    expect((await kids(a)).includes(k1!)).toBe(false);
    expect(await kids(a)).toEqual(await kids(b));
  });

  it('RFC 7517 §5: a pending key that never signed is replaced by a second rotation; a rotation to the same store version from two instances stores one key', async () => {
    const { store, instance } = fleet();
    const [a, b] = [instance(), instance()];
    const [k1] = await kids(a);
    await Promise.all([a.as.rotateSigningKey(), b.as.rotateSigningKey()]);
    const set = await store.getSigningKeys();
    expect(set?.version).toBe(3); // both rotations landed, one after the other (compare-and-set retried)
    expect(set?.keys.length).toBe(2); // the first pending key was replaced, k1 still signs
    expect(set?.keys.map((k) => k.kid)).toContain(k1);
  });

  it('RFC 7517 §9.3: private signing keys are sealed under encryptionKeys (no private member in the store), in clear without them; the wrong key is a coded error', async () => {
    const { store: sealed, instance } = fleet();
    const f = instance({ encryptionKeys: [OPERATOR_KEY] });
    const tok = await issue(f);
    const rec = JSON.stringify(await sealed.getSigningKeys());
    expect(rec).not.toContain('"d"');
    expect(rec).toContain('sealedPrivateJwk');
    const rotated = instance({ encryptionKeys: ['n'.repeat(40), OPERATOR_KEY] }); // a new operator key first, the old one kept
    expect((await rotated.as.verifier()(tok, RESOURCE)).resource).toBe(RESOURCE);
    const wrong = instance({ encryptionKeys: ['w'.repeat(40)] });
    await expect(wrong.as.jwks()).rejects.toMatchObject({ code: 'Misconfigured' });
    const other = fleet();
    await issue(other.instance());
    expect((await other.store.getSigningKeys())?.keys[0]?.privateJwk?.d).toBeTypeOf('string');
  });

  it('R-TOK-1: explicit signingKeys win: they sign and are published, and the store\'s key set is neither read nor written', async () => {
    const { store, instance } = fleet();
    const mine = await generateSigningKey('ES384');
    const f = instance({ signingKeys: [mine] });
    const tok = await issue(f);
    expect(kidOf(tok)).toBe(mine.publicJwk.kid);
    expect(await kids(f)).toEqual([mine.publicJwk.kid]);
    expect(await store.getSigningKeys()).toBeUndefined();
  });

  it('RFC 7517 §5: bad key options are caller mistakes: a short encryption key, a non-positive refresh, a negative delay', async () => {
    expect(() => setup({ encryptionKeys: ['short'] })).toThrow(RangeError);
    expect(() => setup({ signingKeyRefresh: 0 })).toThrow(RangeError);
    await expect(setup().as.rotateSigningKey(undefined, 1, { delay: -1 })).rejects.toBeInstanceOf(RangeError);
  });
});
