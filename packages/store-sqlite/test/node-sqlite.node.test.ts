// The store on node:sqlite (Node ≥ 22.13): the shared Store suite, then what only SQLite has.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuthorizationServer, type Store } from '@mcp-oauth/server-flow';
import { runStoreTests } from '@mcp-oauth/server-flow/store-tests';
import { sqliteStore, SqliteStoreError } from '@mcp-oauth/store-sqlite';
import { MIGRATIONS, type Migration } from '../src/internal/migrate';

const dir = mkdtempSync(join(tmpdir(), 'store-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (): string => join(dir, `as-${++n}.db`);
const code = (expiresAt: number) => ({ grantId: 'g1', clientId: 'c1', redirectUri: 'https://c.example/cb', codeChallenge: 'x'.repeat(43), scopes: ['a'], resource: 'https://rs.example/mcp', subject: 'u1', expiresAt });

const ISSUER = 'https://as.example.com';
const MCP = 'https://mcp.example.com/mcp';
const SECRET = 's'.repeat(40);
const asOn = (store: Store) => createAuthorizationServer({
  issuer: ISSUER, resources: [MCP], scopes: ['mcp:tools'], store, encryptionKeys: ['k'.repeat(40)],
  clients: [{ client_id: 'machine', client_secret: SECRET, grant_types: ['client_credentials'], scope: 'mcp:tools' }],
  authenticate: async () => new Response(null, { status: 401 }),
});
const machineToken = async (as: ReturnType<typeof asOn>): Promise<string> => {
  const res = await as.handle(new Request(`${ISSUER}/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`machine:${SECRET}`)}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: MCP }),
  }));
  return ((await res.json()) as { access_token: string }).access_token;
};

describe('node:sqlite, in memory', () => {
  runStoreTests({ describe, it, expect }, (now) => sqliteStore({ database: new DatabaseSync(':memory:'), now }));
});

describe('node:sqlite, a file', () => {
  runStoreTests({ describe, it, expect }, (now) => sqliteStore({ database: new DatabaseSync(file()), now }));
});

describe('store-sqlite on node:sqlite', () => {
  it('A-CODE-1, A7: two connections to one file: 20 concurrent consumes of a code have one winner; a rotation is seen by the other', async () => {
    const path = file();
    const a = await sqliteStore({ database: new DatabaseSync(path) });
    const b = await sqliteStore({ database: new DatabaseSync(path) });
    await a.putCode('h', code(Date.now() + 60_000));
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).consumeCode('h')));
    expect(wins.filter(Boolean).length).toBe(1);
    expect((await b.getCode('h'))?.used).toBe(true);
    await a.putRefreshToken('r0', { grantId: 'g1', clientId: 'c1', scopes: ['a'], resource: 'r', expiresAt: Date.now() + 60_000 });
    expect(await b.rotateRefreshToken('r0', 'r1', { grantId: 'g1', clientId: 'c1', scopes: ['a'], resource: 'r', expiresAt: Date.now() + 60_000 })).toBe('rotated');
    expect(await a.rotateRefreshToken('r0', 'r2', { grantId: 'g1', clientId: 'c1', scopes: ['a'], resource: 'r', expiresAt: Date.now() + 60_000 })).toBe('reused');
    expect((await a.getRefreshToken('r1'))?.rotated).toBe(false);
  });

  it('RFC 7517 §5: two connections to one file: of 10 first signing-key writers one wins, and both read its key', async () => {
    const path = file();
    const a = await sqliteStore({ database: new DatabaseSync(path) });
    const b = await sqliteStore({ database: new DatabaseSync(path) });
    const key = (kid: string) => ({ kid, alg: 'ES256', publicJwk: { kty: 'EC', kid }, sealedPrivateJwk: 'id.x', signFrom: 0 });
    const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).updateSigningKeys(0, [key(`k${i}`)])));
    expect(wins.filter(Boolean).length).toBe(1);
    expect(await a.getSigningKeys()).toEqual(await b.getSigningKeys());
    expect((await b.getSigningKeys())?.keys[0]?.kid).toBe(`k${wins.indexOf(true)}`);
  });

  it('R-TOK-1, RFC 7517 §5: an authorization server restarted on the same file publishes the same JWKS and accepts its tokens from before; the private key is sealed in the file', async () => {
    const path = file();
    const before = asOn(await sqliteStore({ database: new DatabaseSync(path) }));
    const token = await machineToken(before);
    const jwks = await before.jwks();
    const after = asOn(await sqliteStore({ database: new DatabaseSync(path) })); // a new process: a new connection, a new server object
    expect(await after.jwks()).toEqual(jwks);
    expect((await after.verifier()(token, MCP)).clientId).toBe('machine');
    const row = new DatabaseSync(path).prepare('SELECT value FROM mcp_oauth_signing_keys').get() as { value: string };
    expect(row.value).toContain('sealedPrivateJwk');
    expect(row.value).not.toContain('"d"');
  });

  it('A-CODE-1: state survives closing and reopening the file (a restart); file databases run in WAL mode', async () => {
    const path = file();
    const db = new DatabaseSync(path);
    const s = await sqliteStore({ database: db });
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    await s.putCode('h', code(Date.now() + 60_000));
    expect(await s.consumeCode('h', Date.now() + 3_600_000)).toBe(true);
    await s.putTransaction('x', { v: 1 }, Date.now() + 60_000);
    db.close();
    const again = await sqliteStore({ database: new DatabaseSync(path) });
    expect((await again.getCode('h'))?.used).toBe(true);
    expect(await again.consumeCode('h')).toBe(false);
    expect(await again.takeTransaction('x')).toEqual({ v: 1 });
  });

  it('A8: expired rows are deleted every sweepEvery writes, without a timer; sweep() deletes them on demand', async () => {
    let t = 1_000_000;
    const db = new DatabaseSync(':memory:');
    const s = await sqliteStore({ database: db, now: () => t, sweepEvery: 4 });
    const rows = (): number => (db.prepare('SELECT COUNT(*) AS n FROM mcp_oauth_transactions').get() as { n: number }).n;
    await s.putTransaction('a', {}, t + 10);
    await s.putTransaction('b', {}, t + 10);
    await s.putTransaction('c', {}, t + 1000);
    expect(rows()).toBe(3);
    t += 100;
    await s.putTransaction('d', {}, t + 1000); // the 4th write sweeps a and b
    expect(rows()).toBe(2);
    t += 10_000;
    expect(await s.sweep()).toBe(2);
    expect(rows()).toBe(0);
  });

  it('migrations: a schema step runs once, in order, recorded in the version table; a concurrent migrator is harmless; a newer schema is refused', async () => {
    const path = file();
    const v1 = await sqliteStore({ database: new DatabaseSync(path) });
    await v1.putGrant({ id: 'g', clientId: 'c', subject: 'u', scopes: [], resource: 'r', createdAt: 1, expiresAt: Date.now() + 60_000 });
    const next = MIGRATIONS.length + 1;
    const v2: Migration = { version: next, statements: (p) => [`ALTER TABLE ${p}grants ADD COLUMN note TEXT`, `UPDATE ${p}grants SET note = 'v2'`] };
    const migrations = [...MIGRATIONS, v2];
    const db1 = new DatabaseSync(path);
    const db2 = new DatabaseSync(path);
    // Two stores migrate the same file; the second finds the new version in place (no duplicate column).
    const [s1] = await Promise.all([
      sqliteStore({ database: db1, migrations } as Parameters<typeof sqliteStore>[0]),
      sqliteStore({ database: db2, migrations } as Parameters<typeof sqliteStore>[0]),
    ]);
    expect((await s1.getGrant('g'))?.subject).toBe('u');
    expect(db1.prepare('SELECT version FROM mcp_oauth_schema_version ORDER BY version').all().map((r) => (r as { version: number }).version)).toEqual(migrations.map((m) => m.version));
    expect((db1.prepare('SELECT note FROM mcp_oauth_grants').get() as { note: string }).note).toBe('v2');
    // A release that knows only the shipped steps refuses the newer database instead of misreading it.
    await expect(sqliteStore({ database: new DatabaseSync(path) })).rejects.toSatisfy((e: unknown) => e instanceof SqliteStoreError && e.code === 'SchemaTooNew');
  });

  it('RFC 7517 §5: a version 1 database migrates to version 2 (signing keys) keeping its rows; the key set survives reopening', async () => {
    const path = file();
    const v1 = await sqliteStore({ database: new DatabaseSync(path), migrations: MIGRATIONS.slice(0, 1) } as Parameters<typeof sqliteStore>[0]);
    await v1.putGrant({ id: 'g', clientId: 'c', subject: 'u', scopes: [], resource: 'r', createdAt: 1, expiresAt: Date.now() + 60_000 });
    await expect(v1.getSigningKeys()).rejects.toThrow(); // no table before version 2
    const v2 = await sqliteStore({ database: new DatabaseSync(path) });
    expect((await v2.getGrant('g'))?.subject).toBe('u');
    const key = { kid: 'k1', alg: 'ES256', publicJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' }, sealedPrivateJwk: 'id.sealed', signFrom: 0 };
    expect(await v2.updateSigningKeys(0, [key])).toBe(true);
    const reopened = await sqliteStore({ database: new DatabaseSync(path) });
    expect(await reopened.getSigningKeys()).toEqual({ version: 1, keys: [key] });
    const db = new DatabaseSync(path);
    expect(db.prepare('SELECT version FROM mcp_oauth_schema_version ORDER BY version').all().map((r) => (r as { version: number }).version)).toEqual([1, 2]);
  });

  it('migrations: a failing step leaves nothing behind (one transaction) and its error surfaces', async () => {
    const db = new DatabaseSync(':memory:');
    await sqliteStore({ database: db });
    const bad: Migration = { version: MIGRATIONS.length + 1, statements: (p) => [`CREATE TABLE ${p}extra (x)`, 'THIS IS NOT SQL'] };
    await expect(sqliteStore({ database: db, migrations: [...MIGRATIONS, bad] } as Parameters<typeof sqliteStore>[0])).rejects.toThrow();
    expect(db.prepare('SELECT version FROM mcp_oauth_schema_version').all().length).toBe(MIGRATIONS.length);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'mcp_oauth_extra'`).all().length).toBe(0);
  });

  it('A75: keys are stored as given (the hashes the server hands over), values as JSON text; tablePrefix separates tenants; a corrupt row is a coded error', async () => {
    const db = new DatabaseSync(':memory:');
    const a = await sqliteStore({ database: db, tablePrefix: 'a_' });
    const b = await sqliteStore({ database: db, tablePrefix: 'b_' });
    await a.putConsent('k', ['x'], Date.now() + 60_000);
    expect(await b.getConsent('k')).toBeUndefined();
    expect((db.prepare('SELECT value FROM a_consents WHERE key = ?').get('k') as { value: string }).value).toBe('["x"]');
    db.prepare(`UPDATE a_consents SET value = '{' WHERE key = 'k'`).run();
    await expect(a.getConsent('k')).rejects.toSatisfy((e: unknown) => e instanceof SqliteStoreError && e.code === 'CorruptValue');
  });

  it('A-DCR-1: a client without a secret expiry never expires; one with secret_expires_at ends then (seconds)', async () => {
    let t = 1_000_000;
    const s = await sqliteStore({ database: new DatabaseSync(':memory:'), now: () => t });
    const metadata = { redirect_uris: ['https://c.example/cb'], token_endpoint_auth_method: 'client_secret_basic' as const, grant_types: ['authorization_code'], response_types: ['code'] };
    await s.putClient({ clientId: 'forever', metadata, issuedAt: 1, source: 'dcr', secretExpiresAt: 0 });
    await s.putClient({ clientId: 'ends', metadata, issuedAt: 1, source: 'dcr', secretExpiresAt: 2000 });
    t = 1_999_999;
    expect((await s.getClient('ends'))?.clientId).toBe('ends');
    t = 2_000_000;
    expect(await s.getClient('ends')).toBeUndefined();
    t = Number.MAX_SAFE_INTEGER;
    expect((await s.getClient('forever'))?.clientId).toBe('forever');
    expect(await s.sweep()).toBe(1);
  });

  it('caller mistakes throw TypeError or RangeError', async () => {
    await expect(sqliteStore({ database: {} as never })).rejects.toBeInstanceOf(TypeError);
    await expect(sqliteStore({ database: new DatabaseSync(':memory:'), tablePrefix: 'x; DROP' })).rejects.toBeInstanceOf(TypeError);
    await expect(sqliteStore({ database: new DatabaseSync(':memory:'), sweepEvery: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});
