import { describe, expect, it } from 'vitest';
import { validateClientMetadata } from '@mcp-oauth/dcr';
import {
  DcrError,
  deleteClientRequest,
  processClientConfigurationResponse,
  processRegistrationResponse,
  readClientRequest,
  registrationRequest,
  updateClientRequest,
} from '@mcp-oauth/dcr/client';
import { configuration, errorResponseBodies, registrationResponseBody, updateRequestBody } from './vectors/rfc7591';

const json = (body: unknown, status = 201, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (e instanceof DcrError ? [e.code, e.oauthError] : String(e)));

describe('registrationRequest (RFC 7591 §3.1, C-REG-3)', () => {
  it('C-REG-3: a loopback client registers as native with refresh_token, code and none; the body passes the server rules', async () => {
    const req = registrationRequest('https://as.example.com/register', { client_name: 'CLI', redirect_uris: ['http://127.0.0.1/callback'] });
    expect(req.method).toBe('POST');
    expect(req.url).toBe('https://as.example.com/register');
    expect(req.headers.get('content-type')).toBe('application/json');
    expect(req.headers.get('authorization')).toBeNull();
    const body = await req.json();
    expect(body).toEqual({ application_type: 'native', grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'none', client_name: 'CLI', redirect_uris: ['http://127.0.0.1/callback'] });
    expect((await validateClientMetadata(body)).grant_types).toContain('refresh_token');
  });

  it('C-REG-3: an https redirect registers as web; explicit values win; an initial access token is a Bearer header', async () => {
    const req = registrationRequest(new URL('https://as.example.com/register'), { redirect_uris: ['https://app.example.com/cb'], grant_types: ['authorization_code'] }, { initialAccessToken: 'iat-1' });
    const body = await req.json();
    expect(body.application_type).toBe('web');
    expect(body.grant_types).toEqual(['authorization_code']);
    expect(req.headers.get('authorization')).toBe('Bearer iat-1');
    const native = await registrationRequest('https://as.example.com/register', { redirect_uris: ['http://localhost:3000/cb', 'http://[::1]/cb'] }).json();
    expect(native.application_type).toBe('native');
    const forced = await registrationRequest('https://as.example.com/register', { redirect_uris: ['http://127.0.0.1/cb'], application_type: 'web' }).json();
    expect(forced.application_type).toBe('web');
  });

  it('C-AUTH-7: a non-https registration endpoint is refused before anything is sent; loopback http is allowed', () => {
    for (const e of ['http://as.example.com/register', 'javascript:alert(1)', 'https://u:p@as.example.com/register'])
      expect(() => registrationRequest(e, { redirect_uris: ['https://app.example.com/cb'] })).toThrowError(expect.objectContaining({ code: 'InsecureUrl' }));
    expect(registrationRequest('http://127.0.0.1:8080/register', { redirect_uris: ['https://app.example.com/cb'] }).url).toBe('http://127.0.0.1:8080/register');
  });

  it('metadata an authorization server would refuse is a TypeError (caller mistake)', () => {
    for (const redirect_uris of [['http://app.example.com/cb'], ['javascript:alert(1)'], []])
      expect(() => registrationRequest('https://as.example.com/register', { redirect_uris })).toThrow(TypeError);
  });
});

describe('processRegistrationResponse (RFC 7591 §3.2)', () => {
  it('RFC 7591 §3.2.1: the example 201 response is returned as client information, extensions included', async () => {
    const info = await processRegistrationResponse(json(registrationResponseBody, 201, { 'cache-control': 'no-store' }));
    expect(info).toEqual(registrationResponseBody);
  });

  it('RFC 7591 §3.2.2: the example errors become RegistrationRejected with the RFC code, never the description', async () => {
    for (const body of errorResponseBodies) {
      const e = await processRegistrationResponse(json(body, 400)).catch((x: DcrError) => x);
      expect(e).toMatchObject({ code: 'RegistrationRejected', oauthError: body.error });
      expect(e.message).not.toContain('sketchy');
    }
  });

  it('C-REG-3: an unknown error code, a non-JSON error or a 500 is RegistrationRejected without an attacker string', async () => {
    expect(await codeOf(processRegistrationResponse(json({ error: '<script>alert(1)</script>' }, 400)))).toEqual(['RegistrationRejected', undefined]);
    expect(await codeOf(processRegistrationResponse(new Response('oops', { status: 400 })))).toEqual(['RegistrationRejected', undefined]);
    expect(await codeOf(processRegistrationResponse(json({ error: 'invalid_client_metadata' }, 500)))).toEqual(['RegistrationRejected', undefined]);
    expect(await codeOf(processRegistrationResponse(json(registrationResponseBody, 302)))).toEqual(['RegistrationRejected', undefined]);
  });

  it('a malformed success response is InvalidResponse', async () => {
    const bad: unknown[] = [
      {},
      { client_id: '' },
      { client_id: 42 },
      { client_id: 'a', client_secret: 42 },
      { client_id: 'a', client_id_issued_at: '1' },
      { client_id: 'a', client_secret_expires_at: -1 },
      { client_id: 'a', registration_client_uri: 'http://as.example.com/r/a' },
      { client_id: 'a', registration_access_token: '' },
      [],
      null,
      'client_id',
    ];
    for (const b of bad) expect(await codeOf(processRegistrationResponse(json(b)))).toEqual(['InvalidResponse', undefined]);
    expect(await codeOf(processRegistrationResponse(json('{"client_id":', 201)))).toEqual(['InvalidResponse', undefined]);
    expect(await codeOf(processRegistrationResponse(new Response(JSON.stringify({ client_id: 'a' }), { status: 201, headers: { 'content-type': 'text/html' } })))).toEqual(['InvalidResponse', undefined]);
    expect(await codeOf(processRegistrationResponse(json({ client_id: 'a', pad: 'x'.repeat(70_000) })))).toEqual(['InvalidResponse', undefined]);
    await expect(processRegistrationResponse({} as Response)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('RFC 7592 client management', () => {
  it('RFC 7592 §2.1: the read request is a GET with the registration access token; the example response validates', async () => {
    const req = readClientRequest(configuration.uri, configuration.token);
    expect([req.method, req.url, req.headers.get('authorization'), req.headers.get('accept')]).toEqual(['GET', configuration.uri, `Bearer ${configuration.token}`, 'application/json']);
    expect(await processClientConfigurationResponse(json(configuration.readResponseBody, 200))).toEqual(configuration.readResponseBody);
  });

  it('RFC 7592 §2.2: the update request is a PUT of the metadata with client_id', async () => {
    const { client_id, ...metadata } = updateRequestBody;
    const req = updateClientRequest(configuration.uri, configuration.token, client_id, metadata);
    expect(req.method).toBe('PUT');
    expect(req.headers.get('content-type')).toBe('application/json');
    expect(await req.json()).toEqual(updateRequestBody);
    expect(() => updateClientRequest(configuration.uri, configuration.token, '', metadata)).toThrow(TypeError);
  });

  it('RFC 7592 §2.3: the delete request is a DELETE; 204 resolves, 401 is invalid_token', async () => {
    const req = deleteClientRequest(configuration.uri, configuration.token);
    expect([req.method, req.headers.get('authorization')]).toEqual(['DELETE', `Bearer ${configuration.token}`]);
    expect(await processClientConfigurationResponse(new Response(null, { status: 204 }))).toBeUndefined();
    expect(await codeOf(processClientConfigurationResponse(new Response(null, { status: 401 })))).toEqual(['RegistrationRejected', 'invalid_token']);
    expect(await codeOf(processClientConfigurationResponse(json(errorResponseBodies[0], 400)))).toEqual(['RegistrationRejected', 'invalid_redirect_uri']);
  });

  it('C-AUTH-7: the configuration endpoint must be https and the token non-empty', () => {
    expect(() => readClientRequest('http://as.example.com/r/1', 't')).toThrowError(expect.objectContaining({ code: 'InsecureUrl' }));
    expect(() => deleteClientRequest(configuration.uri, '')).toThrow(TypeError);
  });
});
