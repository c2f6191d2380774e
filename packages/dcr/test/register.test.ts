import { describe, expect, it, vi } from 'vitest';
import { DcrError, issueClientCredentials, readRegistrationRequest, validateClientMetadata, validateClientUpdate } from '@mcp-oauth/dcr';
import { validateClientIdMetadataDocument } from '@mcp-oauth/dcr/cimd';
import { registrationRequestBody, softwareStatementClaims, softwareStatementRequestBody, updateRequestBody } from './vectors/rfc7591';

const base = { redirect_uris: ['https://app.example.com/cb'], token_endpoint_auth_method: 'none' };
const code = async (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof DcrError ? e.code : `not a DcrError: ${String(e)}`),
  );
const post = (body: BodyInit, type = 'application/json') => new Request('https://as.example.com/register', { method: 'POST', headers: { 'content-type': type }, body });

describe('validateClientMetadata: RFC 7591 vectors', () => {
  it('RFC 7591 §3.1: the example request validates; the language-tagged and extension fields are dropped', async () => {
    const m = await validateClientMetadata(registrationRequestBody);
    expect(m).toEqual({
      redirect_uris: registrationRequestBody.redirect_uris,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      client_name: 'My Example Client',
      logo_uri: 'https://client.example.org/logo.png',
      jwks_uri: 'https://client.example.org/my_public_keys.jwks',
    });
  });

  it('RFC 7591 §2: defaults are authorization_code, code and client_secret_basic', async () => {
    const m = await validateClientMetadata({ redirect_uris: ['https://app.example.com/cb'] });
    expect([m.grant_types, m.response_types, m.token_endpoint_auth_method]).toEqual([['authorization_code'], ['code'], 'client_secret_basic']);
  });

  it('RFC 7591 §2.3: software statement claims override body values; the statement is kept', async () => {
    const verify = vi.fn(async () => softwareStatementClaims);
    const m = await validateClientMetadata({ ...softwareStatementRequestBody, client_name: 'Body Name', client_uri: 'https://body.example/' }, { verifySoftwareStatement: verify });
    expect(verify).toHaveBeenCalledWith(softwareStatementRequestBody.software_statement);
    expect(m).toMatchObject({ client_name: softwareStatementClaims.client_name, client_uri: softwareStatementClaims.client_uri, software_id: softwareStatementClaims.software_id, scope: 'read write', software_statement: softwareStatementRequestBody.software_statement });
  });

  it('RFC 7591 §3.1.1: without a verifier the statement is ignored, and none of its claims are applied', async () => {
    const m = await validateClientMetadata(softwareStatementRequestBody);
    expect(m.software_statement).toBeUndefined();
    expect(m.client_name).toBeUndefined();
  });
});

describe('ATTACKS.md cases for registration', () => {
  it('A37: 10,000 redirect_uris, a 1 MB client_name and 11 redirect URIs are invalid_client_metadata', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `https://app.example.com/cb${i}`);
    expect(await code(validateClientMetadata({ ...base, redirect_uris: many }))).toBe('invalid_client_metadata');
    expect(await code(validateClientMetadata({ ...base, redirect_uris: many.slice(0, 11) }))).toBe('invalid_client_metadata');
    expect((await validateClientMetadata({ ...base, redirect_uris: many.slice(0, 10) })).redirect_uris).toHaveLength(10);
    expect(await code(validateClientMetadata({ ...base, client_name: 'x'.repeat(1_000_000) }))).toBe('invalid_client_metadata');
    expect(await code(validateClientMetadata({ ...base, client_name: 'x'.repeat(201) }))).toBe('invalid_client_metadata');
    expect((await validateClientMetadata({ ...base, client_name: 'x'.repeat(200) })).client_name).toHaveLength(200);
  });

  it('A37: a 200 KB registration body is BodyTooLarge (413) before parsing, streamed or with Content-Length', async () => {
    const big = JSON.stringify({ ...base, client_name: 'x'.repeat(200_000) });
    expect(await code(readRegistrationRequest(post(big)))).toBe('BodyTooLarge');
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new Uint8Array(4096).fill(32));
      },
    });
    expect(await code(readRegistrationRequest(new Request('https://as.example.com/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit)))).toBe('BodyTooLarge');
    const e = await readRegistrationRequest(post(big)).catch((x: DcrError) => x);
    expect(e).toMatchObject({ code: 'BodyTooLarge', oauthError: 'invalid_request' });
  });

  it('A38: client_id and client_secret in the body are ignored; the server mints a random non-URL id and a 256-bit secret with an expiry', async () => {
    const m = await validateClientMetadata({ ...base, token_endpoint_auth_method: 'client_secret_basic', client_id: 'https://x/y', client_secret: 'abc' });
    expect(m).not.toHaveProperty('client_id');
    expect(m).not.toHaveProperty('client_secret');
    const a = issueClientCredentials(m, { now: () => 1_700_000_000_000, secretLifetime: 86_400 });
    const b = issueClientCredentials(m);
    expect(a.client_id).not.toBe(b.client_id);
    for (const id of [a.client_id, b.client_id]) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(id).not.toBe('user-42');
    }
    expect(a.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes = 256 bits
    expect(a.client_secret).not.toBe('abc');
    expect(a.client_secret_expires_at).toBe(1_700_000_000 + 86_400);
    expect(a.client_id_issued_at).toBe(1_700_000_000);
    expect(b.client_secret_expires_at).toBe(0);
    const pub = issueClientCredentials(await validateClientMetadata(base));
    expect(pub.client_secret).toBeUndefined();
    expect(pub.client_secret_expires_at).toBeUndefined();
    expect(() => issueClientCredentials(m, { secretLifetime: -1 })).toThrow(RangeError);
  });

  it('A39: logo_uri / client_uri / tos_uri / policy_uri with javascript:, data:, http: or userinfo are refused; https passes', async () => {
    for (const k of ['logo_uri', 'client_uri', 'tos_uri', 'policy_uri', 'jwks_uri'])
      for (const v of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', 'http://app.example.com/logo.png', 'http://localhost/logo.png', 'https://u:p@app.example.com/logo.png', 'https://app.example.com/logo.png#x', ' https://app.example.com/logo.png', '//app.example.com/logo.png', 42, ''])
        expect(await code(validateClientMetadata({ ...base, [k]: v }))).toBe('invalid_client_metadata');
    const m = await validateClientMetadata({ ...base, logo_uri: 'https://cdn.example.net/logo.png', client_uri: 'https://app.example.com' });
    expect(m.logo_uri).toBe('https://cdn.example.net/logo.png');
  });

  it('A39: the client_name is kept as plain text (escaping is the consent page\'s job); control and bidi characters are refused', async () => {
    expect((await validateClientMetadata({ ...base, client_name: '<img src=x onerror=alert(1)>' })).client_name).toBe('<img src=x onerror=alert(1)>');
    for (const n of ['a\u0000b', 'line\nbreak', 'evil\u202Egnp.exe', 'a\u2066b', 'a\u007fb'])
      expect(await code(validateClientMetadata({ ...base, client_name: n }))).toBe('invalid_client_metadata');
  });

  it('A39: with requireSameHost, a client_uri or logo_uri on a host other than the redirect host is refused', async () => {
    const policy = { requireSameHost: true };
    expect(await code(validateClientMetadata({ ...base, client_uri: 'https://attacker.example/' }, policy))).toBe('invalid_client_metadata');
    expect(await code(validateClientMetadata({ ...base, logo_uri: 'https://attacker.example/l.png' }, policy))).toBe('invalid_client_metadata');
    expect((await validateClientMetadata({ ...base, client_uri: 'https://app.example.com/about' }, policy)).client_uri).toBe('https://app.example.com/about');
  });

  it('A40: a statement the verifier rejects (alg none, bad signature, expired) is invalid_software_statement; an untrusted issuer is unapproved_software_statement', async () => {
    const body = { ...base, software_statement: 'eyJhbGciOiJub25lIn0.eyJ9.' };
    const reject = async () => {
      throw new Error('JWSInvalid: secret-looking detail');
    };
    const e = await validateClientMetadata(body, { verifySoftwareStatement: reject }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'invalid_software_statement', oauthError: 'invalid_software_statement' });
    expect((e as Error).message).not.toContain('secret');
    const untrusted = async () => {
      throw new DcrError('unapproved_software_statement');
    };
    expect(await code(validateClientMetadata(body, { verifySoftwareStatement: untrusted }))).toBe('unapproved_software_statement');
    for (const claims of [null, 'x', ['a'], 42])
      expect(await code(validateClientMetadata(body, { verifySoftwareStatement: async () => claims }))).toBe('invalid_software_statement');
    for (const s of [42, {}, 'x'.repeat(20_000)])
      expect(await code(validateClientMetadata({ ...base, software_statement: s }, { verifySoftwareStatement: async () => ({}) }))).toBe('invalid_software_statement');
  });

  it('A40: signed values override body values, including redirect_uris, and are validated like the body', async () => {
    const verify = async () => ({ redirect_uris: ['https://signed.example/cb'], token_endpoint_auth_method: 'none' });
    const m = await validateClientMetadata({ ...base, redirect_uris: ['https://attacker.example/cb'], software_statement: 'a.b.c' }, { verifySoftwareStatement: verify });
    expect(m.redirect_uris).toEqual(['https://signed.example/cb']);
    const bad = async () => ({ redirect_uris: ['javascript:alert(1)'] });
    expect(await code(validateClientMetadata({ ...base, software_statement: 'a.b.c' }, { verifySoftwareStatement: bad }))).toBe('invalid_redirect_uri');
  });

  it('A41: client_credentials with none, response_types token, private_key_jwt without keys, null or array bodies are invalid_client_metadata', async () => {
    const cases: unknown[] = [
      { grant_types: ['client_credentials'], token_endpoint_auth_method: 'none' },
      { ...base, response_types: ['token'] },
      { ...base, response_types: ['code', 'token'] },
      { ...base, grant_types: ['implicit'] },
      { ...base, grant_types: ['password'] },
      { ...base, grant_types: ['refresh_token'] },
      { ...base, grant_types: 'authorization_code' },
      { ...base, grant_types: [] },
      { ...base, grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic', response_types: ['code'] },
      { ...base, token_endpoint_auth_method: 'private_key_jwt' },
      { ...base, token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [] } },
      { ...base, token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'EC' }] }, jwks_uri: 'https://app.example.com/jwks' },
      { ...base, token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'EC', d: 'secret' }] } },
      { ...base, jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } },
      { ...base, token_endpoint_auth_method: 'client_secret_jwt' },
      { ...base, token_endpoint_auth_method: 'tls_client_auth' },
      { ...base, application_type: 'desktop' },
      { ...base, scope: 'a  b' },
      { ...base, scope: 'a "b"' },
      { ...base, contacts: 'a@example.com' },
      null,
      [],
      [base],
      'string',
      42,
    ];
    for (const c of cases) expect(await code(validateClientMetadata(c))).toBe('invalid_client_metadata');
    const open = { grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'] };
    expect(await code(validateClientMetadata(cases[0], open))).toBe('invalid_client_metadata');
    expect(await code(validateClientMetadata(cases[8], open))).toBe('invalid_client_metadata');
  });

  it('A78: by default a registrant gets no grant without a user: client_credentials, JWT bearer, token exchange, device code, case and space variants', async () => {
    const others = ['client_credentials', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:grant-type:token-exchange',
      'urn:ietf:params:oauth:grant-type:device_code', 'CLIENT_CREDENTIALS', ' client_credentials', 'client_credentials ', 'Authorization_Code', 'password', 'implicit'];
    for (const g of others) {
      for (const grant_types of [[g], ['authorization_code', g], ['authorization_code', 'refresh_token', g]]) {
        const body = { ...base, grant_types, token_endpoint_auth_method: 'client_secret_basic' };
        expect(await code(validateClientMetadata(body))).toBe('invalid_client_metadata');
        expect(await code(validateClientUpdate({ ...body, client_id: 'c1' }, 'c1'))).toBe('invalid_client_metadata');
        expect(await code(Promise.resolve().then(() => validateClientIdMetadataDocument({ ...base, grant_types, client_id: 'https://client.example.com/c.json', client_name: 'C', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'EC' }] } }, 'https://client.example.com/c.json')))).toBe('InvalidMetadataDocument');
      }
    }
    expect((await validateClientMetadata({ ...base, grant_types: ['authorization_code', 'refresh_token'] })).grant_types).toEqual(['authorization_code', 'refresh_token']);
  });

  it('A41: consistent variants pass: client_credentials with a secret (no redirect URIs), private_key_jwt with public jwks', async () => {
    const cc = await validateClientMetadata({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' }, { grantTypes: ['client_credentials'] });
    expect([cc.redirect_uris, cc.response_types]).toEqual([[], []]);
    const pk = await validateClientMetadata({ ...base, token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] } });
    expect(pk.jwks?.keys).toHaveLength(1);
    const cj = await validateClientMetadata({ ...base, token_endpoint_auth_method: 'client_secret_jwt' }, { tokenEndpointAuthMethods: ['client_secret_jwt'] });
    expect(cj.token_endpoint_auth_method).toBe('client_secret_jwt');
  });

  it('A41: Content-Type text/plain, a missing type, non-JSON, null or an array body are invalid_request', async () => {
    const body = JSON.stringify(base);
    expect(await code(readRegistrationRequest(post(body, 'text/plain')))).toBe('invalid_request');
    expect(await code(readRegistrationRequest(post(body, 'application/jsonx')))).toBe('invalid_request');
    expect(await code(readRegistrationRequest(new Request('https://as.example.com/register', { method: 'POST', body: new Uint8Array(2) })))).toBe('invalid_request');
    for (const b of ['{', 'null', '[]', '"x"', '', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'])
      expect(await code(readRegistrationRequest(post(b)))).toBe('invalid_request');
    expect(await readRegistrationRequest(post(body, 'application/json; charset=utf-8'))).toEqual(base);
    await expect(readRegistrationRequest(post(body), { maxBytes: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});

describe('validateClientUpdate (RFC 7592 §2.2)', () => {
  it('RFC 7592 §2.2: the example update validates and returns the presented secret for comparison', async () => {
    const { metadata, clientSecret } = await validateClientUpdate(updateRequestBody, 's6BhdRkqt3');
    expect(metadata.redirect_uris).toEqual(updateRequestBody.redirect_uris);
    expect(metadata.client_name).toBe('My New Example');
    expect(clientSecret).toBe(updateRequestBody.client_secret);
  });

  it('RFC 7592 §2.2: another client_id, or a server-assigned field, is invalid_request', async () => {
    expect(await code(validateClientUpdate(updateRequestBody, 'other'))).toBe('invalid_request');
    expect(await code(validateClientUpdate({ ...updateRequestBody, client_id: undefined }, 's6BhdRkqt3'))).toBe('invalid_request');
    for (const k of ['registration_access_token', 'registration_client_uri', 'client_id_issued_at', 'client_secret_expires_at'])
      expect(await code(validateClientUpdate({ ...updateRequestBody, [k]: 'x' }, 's6BhdRkqt3'))).toBe('invalid_request');
    expect(await code(validateClientUpdate({ ...updateRequestBody, redirect_uris: ['http://evil.example/cb'] }, 's6BhdRkqt3'))).toBe('invalid_redirect_uri');
    await expect(validateClientUpdate(updateRequestBody, '')).rejects.toBeInstanceOf(TypeError);
  });
});

describe('validateClientMetadata: client-supplied URLs the server fetches (A-SSRF-1)', () => {
  const pkj = { ...base, token_endpoint_auth_method: 'private_key_jwt' };
  const LOCAL = [
    'https://127.0.0.1:6443/', 'https://10.0.0.5/', 'https://localhost/', 'https://169.254.169.254/', 'https://[::1]/',
    'https://0x7f.1/', 'https://2130706433/', 'https://0177.0.0.1/jwks', 'https://[::ffff:127.0.0.1]/', 'https://foo.localhost/', 'https://localhost./jwks',
    'https://a.b.localhost./k', 'https://100.64.0.1/', 'https://[fd00::1]/', 'https://0.0.0.0/', 'https://192.168.1.1/jwks', 'https://[fe80::1]/', 'https://93.184.215.14/jwks',
  ];

  it.each(LOCAL)('A80: private_key_jwt with jwks_uri %s is invalid_client_metadata', async (jwks_uri) => {
    expect(await code(validateClientMetadata({ ...pkj, jwks_uri }))).toBe('invalid_client_metadata');
    expect(await code(validateClientUpdate({ ...pkj, jwks_uri, client_id: 'c1' }, 'c1'))).toBe('invalid_client_metadata');
  });

  it('A-SSRF-1: an http jwks_uri on a public host is invalid_client_metadata; a public https name is accepted', async () => {
    expect(await code(validateClientMetadata({ ...pkj, jwks_uri: 'http://keys.example.com/jwks' }))).toBe('invalid_client_metadata');
    for (const jwks_uri of ['https://keys.example.com/jwks', 'https://localhost.example.com/jwks', 'https://keys.example.com:8443/.well-known/jwks.json', 'https://mylocalhost/jwks'])
      expect((await validateClientMetadata({ ...pkj, jwks_uri })).jwks_uri).toBe(jwks_uri);
  });

  it('A-SSRF-1: URLs the server only shows (logo_uri, client_uri...) keep the plain https rule', async () => {
    expect((await validateClientMetadata({ ...base, logo_uri: 'https://127.0.0.1/logo.png', client_uri: 'https://localhost/' })).logo_uri).toBe('https://127.0.0.1/logo.png');
  });
});
