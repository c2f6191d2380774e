// What `inspect` checks, one verdict per requirement id (docs/conformance.md) a client can observe.
import { parseBearerChallenge } from './challenge';
import { safeText } from './format';
import { asMetadataUrls, FAILURE_TEXT, isSecureUrl, probe, prmUrls, type NetworkFailure, type ProbeOptions } from './probe';
import type { InspectCheck, InspectReport, Verdict } from '../inspect';

const strs = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);

class Checks {
  readonly list: InspectCheck[] = [];
  add(id: string, verdict: Verdict, summary: string, explanation?: string): void {
    this.list.push({ id, verdict, summary, ...(explanation && verdict !== 'pass' ? { explanation } : {}) });
  }
}

const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'mcp-oauth inspect', version: '0' } } });
const post = (extra: Record<string, string> = {}): RequestInit => ({
  method: 'POST', body: INIT, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...extra },
});

/** Runs every check against the MCP server at `server`. */
export async function runChecks(server: URL, options: ProbeOptions, progress: (line: string) => void): Promise<InspectReport> {
  const c = new Checks();
  const report: { -readonly [K in keyof InspectReport]: InspectReport[K] } = { url: server.href, ok: false, checks: c.list };
  const failures = new Map<string, NetworkFailure>();
  const o: ProbeOptions = { ...options, onFailure: (u, kind) => failures.set(u.href, kind) };
  /** ` (connection refused)` after a URL that got no answer. */
  const why = (u: URL | string): string => { const k = failures.get(String(u)); return k ? ` (${FAILURE_TEXT[k]})` : ''; };

  // 1. The unauthenticated request and its challenge.
  progress(`[1/4] an MCP request without a token to ${server.href}`);
  const first = await probe(o, server, post());
  const challenge = parseBearerChallenge(first?.headers.get('www-authenticate') ?? null);
  if (!first) {
    // Said once: nothing else can be learnt from a server that does not answer.
    const kind = failures.get(server.href) ?? 'network';
    report.unreachable = { kind, text: `${server.host}: ${FAILURE_TEXT[kind]}` };
    c.add('R-PRM-2', 'fail', `the server could not be reached: ${FAILURE_TEXT[kind]}`, 'Check the URL, and that the server is running and reachable from here.');
    return report;
  } else {
    report.challenge = { status: first.status, ...(challenge?.resourceMetadata ? { resourceMetadata: challenge.resourceMetadata } : {}), ...(challenge?.scope !== undefined ? { scope: challenge.scope } : {}) };
    if (first.status !== 401) c.add('R-PRM-2', 'fail', `an MCP request without a token got ${first.status}, not 401`, 'A protected MCP server answers 401 with WWW-Authenticate to a request without a token; that answer is how a client learns where to authorize. The server may be unprotected, or the URL is not the MCP endpoint.');
    else if (!challenge) c.add('R-PRM-2', 'fail', '401 without a Bearer challenge', 'The 401 must carry WWW-Authenticate: Bearer resource_metadata="…" (RFC 6750 §3, RFC 9728 §5.1).');
    else if (!challenge.resourceMetadata) c.add('R-PRM-2', 'fail', '401 Bearer challenge without resource_metadata', 'The challenge must name the protected-resource metadata URL (RFC 9728 §5.1); clients fall back to guessing well-known URLs.');
    else c.add('R-PRM-2', 'pass', `401 with Bearer resource_metadata${challenge.scope ? ` and scope="${safeText(challenge.scope)}"` : ''}`);
  }

  // 2. Protected-resource metadata: the challenge's URL only, else the well-known URLs in order.
  const hinted = challenge?.resourceMetadata;
  const candidates = hinted !== undefined ? (isSecureUrl(hinted) ? [new URL(hinted)] : []) : prmUrls(server);
  if (hinted !== undefined && !candidates.length) c.add('C-AUTH-7', 'fail', 'resource_metadata is not an https (or loopback http) URL', 'Clients must refuse OAuth URLs that are not https; TLS is required outside loopback.');
  let prm: Record<string, unknown> | undefined;
  progress('[2/4] protected-resource metadata');
  for (const u of candidates) {
    const r = await probe(o, u, { headers: { accept: 'application/json' } });
    if (r?.status === 200 && r.json) { prm = r.json; report.protectedResourceMetadata = { url: u.href, document: r.json }; break; }
  }
  const prmId = hinted !== undefined ? 'C-PRM-1' : 'C-PRM-2';
  if (!prm) {
    c.add('R-PRM-1', 'fail', `no protected-resource metadata at ${candidates.map((u) => u.href + why(u)).join(' or ') || 'any allowed URL'}`,
      'An MCP server must publish RFC 9728 metadata naming its authorization server, at the URL in its 401 challenge and at /.well-known/oauth-protected-resource<path>. Without it, 2025-03-26 clients assume the authorization server is the MCP server\'s origin, and current clients cannot authorize at all.');
    c.add(prmId, 'fail', 'a client finds no protected-resource metadata', hinted !== undefined
      ? 'A client fetches only the resource_metadata URL of the challenge (C-PRM-1); that URL must serve the document.'
      : 'Without resource_metadata in the challenge, a client tries /.well-known/oauth-protected-resource<path> and then /.well-known/oauth-protected-resource (C-PRM-2); neither served the document.');
  } else {
    c.add('R-PRM-1', 'pass', `protected-resource metadata at ${report.protectedResourceMetadata?.url ?? ''}`);
    c.add(prmId, 'pass', hinted !== undefined ? 'found at the resource_metadata URL of the challenge' : 'found at a well-known URL');
    const resource = prm['resource'];
    const self = new URL(server.href); self.hash = '';
    const ok = typeof resource === 'string' && !resource.includes('#') && (self.href === resource || self.href.startsWith(resource.endsWith('/') ? resource : `${resource}/`));
    c.add('C-PRM-3', ok ? 'pass' : 'fail', ok ? 'resource matches the server URL' : `resource "${safeText(resource)}" is not this server`,
      'The metadata\'s resource must be the MCP server URL (RFC 9728 §3.3); a client must not authorize for a server whose metadata names another resource.');
    const servers = strs(prm['authorization_servers']) ?? [];
    c.add('C-PRM-4', servers.length ? 'pass' : 'fail', servers.length ? `${servers.length} authorization server(s) listed` : 'no authorization_servers',
      'The metadata must list at least one authorization server (RFC 9728 §2); otherwise a client cannot know where to get a token.');
    const offline = (strs(prm['scopes_supported']) ?? []).includes('offline_access') || (challenge?.scope ?? '').split(' ').includes('offline_access');
    c.add('R-TOK-6', offline ? 'fail' : 'pass', offline ? 'offline_access is advertised by the resource' : 'offline_access not advertised by the resource',
      'offline_access is an authorization-server matter; a resource must not ask for it in scopes_supported or challenges.');
  }
  progress('[3/4] authorization-server metadata');
  await asChecks(c, report, prm, server, o, why);
  progress('[4/4] an MCP request with an invalid token');
  await tokenCheck(c, server, o, why);
  report.ok = !c.list.some((x) => x.verdict === 'fail');
  return report;
}

async function asChecks(c: Checks, report: { authorizationServer?: InspectReport['authorizationServer'] }, prm: Record<string, unknown> | undefined, server: URL, o: ProbeOptions, why: (u: URL) => string): Promise<void> {
  const issuer = prm ? strs(prm['authorization_servers'])?.[0] : server.origin;
  if (issuer === undefined) return;
  if (!isSecureUrl(issuer)) { c.add('A-TLS-1', 'fail', 'the authorization server is not https', 'Authorization servers must use https (loopback http only for development).'); return; }
  let found: { url: string; doc: Record<string, unknown> } | undefined;
  const urls = asMetadataUrls(issuer);
  for (const u of urls) {
    const r = await probe(o, u, { headers: { accept: 'application/json' } });
    if (r?.status === 200 && r.json) { found = { url: u.href, doc: r.json }; break; }
  }
  const id = new URL(issuer).pathname.replace(/\/$/, '') ? 'C-ASM-1' : 'C-ASM-2';
  if (!found) { c.add(id, 'fail', `no authorization-server metadata for ${safeText(issuer)} at any well-known URL${why(urls[0]!)}`, 'Publish RFC 8414 metadata at /.well-known/oauth-authorization-server (or OpenID discovery); clients try only the URLs the spec lists, in order.'); return; }
  const d = found.doc;
  report.authorizationServer = { issuer, metadataUrl: found.url, document: d };
  c.add(id, 'pass', `metadata at ${found.url}`);
  c.add('C-ASM-3', d['issuer'] === issuer ? 'pass' : 'fail', d['issuer'] === issuer ? 'issuer matches exactly' : `metadata issuer "${safeText(d['issuer'])}" differs from "${safeText(issuer)}"`,
    'The issuer in the metadata must equal, as an exact string, the issuer the metadata URL was built from (RFC 8414 §3.3); clients discard the document otherwise (mix-up defence).');
  const methods = strs(d['code_challenge_methods_supported']);
  c.add('C-ASM-4', methods?.includes('S256') ? 'pass' : 'fail', methods?.includes('S256') ? 'PKCE S256 supported' : `code_challenge_methods_supported is ${methods ? `[${methods.map((m) => safeText(m, 20)).join(', ')}]` : 'absent'}`,
    'MCP clients must refuse an authorization server that does not advertise PKCE S256 in code_challenge_methods_supported.');
  const iss = d['authorization_response_iss_parameter_supported'] === true;
  c.add('C-AUTH-3', iss ? 'pass' : 'warn', iss ? 'RFC 9207 iss parameter supported' : 'authorization_response_iss_parameter_supported is not true',
    'Without the RFC 9207 iss parameter a client cannot detect authorization-server mix-up attacks from the response; MCP authorization servers advertise and send it (A-ISS-1).');
  const cimd = d['client_id_metadata_document_supported'] === true;
  const dcr = typeof d['registration_endpoint'] === 'string';
  c.add('C-REG-1', cimd || dcr ? 'pass' : 'warn', cimd || dcr ? `registration: ${[cimd ? 'Client ID Metadata Documents' : '', dcr ? 'Dynamic Client Registration' : ''].filter(Boolean).join(', ')}` : 'no CIMD and no registration endpoint',
    'Clients then need a client id registered by hand with this authorization server.');
  const bad = ['authorization_endpoint', 'token_endpoint', 'registration_endpoint', 'revocation_endpoint'].filter((k) => d[k] !== undefined && !isSecureUrl(d[k]));
  c.add('C-AUTH-7', bad.length ? 'fail' : 'pass', bad.length ? `not https: ${bad.join(', ')}` : 'endpoints are https (or loopback http)',
    'Clients send codes, verifiers and secrets only to https endpoints (loopback http excepted).');
  const missing = ['authorization_endpoint', 'token_endpoint'].filter((k) => typeof d[k] !== 'string');
  c.add('A-MD-1', missing.length ? 'fail' : 'pass', missing.length ? `missing ${missing.join(', ')}` : 'authorization and token endpoints advertised', 'RFC 8414 §2 requires them for the authorization-code flow.');
  c.add('A-REV-1', typeof d['revocation_endpoint'] === 'string' ? 'pass' : 'warn', typeof d['revocation_endpoint'] === 'string' ? 'revocation endpoint advertised' : 'no revocation_endpoint',
    'Without RFC 7009 revocation, logging out cannot end tokens at the server; they stay valid until they expire.');
}

async function tokenCheck(c: Checks, server: URL, o: ProbeOptions, why: (u: URL) => string): Promise<void> {
  const r = await probe(o, server, post({ authorization: 'Bearer mcp-oauth-inspect.invalid-token' }));
  if (!r) { c.add('R-TOK-1', 'skip', `the request with an invalid token got no answer${why(server)}`); return; }
  const ch = parseBearerChallenge(r.headers.get('www-authenticate'));
  if (r.status >= 200 && r.status < 300) c.add('R-TOK-1', 'fail', `an invalid token was accepted (${r.status})`, 'Every access token must be validated (signature or introspection, expiry, issuer, audience); this server accepted a made-up token.');
  else if (r.status === 401 && ch?.error === 'invalid_token') c.add('R-TOK-1', 'pass', 'an invalid token gets 401 invalid_token');
  else {
    const got = r.status === 401
      ? `an invalid token got 401 but its WWW-Authenticate has ${ch?.error ? `error="${safeText(ch.error, 40)}"` : 'no error'}, not error="invalid_token"`
      : `an invalid token got ${r.status}${ch?.error ? ` with error="${safeText(ch.error, 40)}"` : ''}, not 401 with error="invalid_token"`;
    c.add('R-TOK-1', 'warn', got, 'RFC 6750 §3.1: an invalid token is answered with 401 and error="invalid_token", so clients know to refresh or re-authorize.');
  }
}
