// Discovery as an MCP client does it (RFC 9728, RFC 8414, MCP order), recording what it saw for the properties.
import { authorizationServerMetadataUrls, parseWwwAuthenticate, protectedResourceMetadataUrls } from '@mcp-oauth/metadata';
import type { Discovery } from './context';
import type { Http } from './http';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function asMetadata(http: Http, issuer: string, d: Discovery): Promise<void> {
  let urls: URL[];
  try { urls = authorizationServerMetadataUrls(issuer); } catch { d.gap = 'the authorization server is not an http(s) URL'; return; }
  for (const u of urls) {
    const o = await http.send('GET', u.href, { headers: { accept: 'application/json' } });
    if (o.status === 200 && isObject(o.json)) { d.issuer = issuer; d.asmUrl = u.href; d.asm = o.json; d.asmObserved = o; return; }
  }
  d.gap = `no authorization server metadata for ${issuer}`;
}

/** Starts from `url`: an MCP server (its 401 leads to PRM and the AS), or else an issuer. */
export async function discover(http: Http, url: string): Promise<Discovery> {
  const d: Discovery = {};
  const probe = await http.send('POST', url, {
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'mcp-oauth-conformance', version: '0.0.0' } } }),
  });
  const header = probe.headers.get('www-authenticate');
  if (probe.status !== 401 && !header) {
    // Not a protected resource: maybe an issuer.
    await asMetadata(http, url, d);
    if (!d.asm) d.gap = `${url} answered ${probe.status} without a challenge, and no authorization server metadata was found for it`;
    return d;
  }
  d.mcpUrl = url;
  d.challenge = probe;
  let fromChallenge: string | undefined;
  try {
    const bearer = parseWwwAuthenticate(header ?? '').find((c) => c.scheme.toLowerCase() === 'bearer');
    fromChallenge = bearer?.params['resource_metadata'];
  } catch { /* a malformed challenge: R-PRM-2 reports it */ }
  let candidates: string[];
  try { candidates = fromChallenge ? [fromChallenge] : protectedResourceMetadataUrls(url).map((u) => u.href); } catch { candidates = []; }
  for (const c of candidates) {
    if (!URL.canParse(c)) continue;
    const o = await http.send('GET', c, { headers: { accept: 'application/json' } });
    if (o.status === 200 && isObject(o.json)) { d.prmUrl = c; d.prm = o.json; d.prmObserved = o; break; }
  }
  if (!d.prm) { d.gap = 'no protected resource metadata'; return d; }
  const servers = d.prm['authorization_servers'];
  const issuer = Array.isArray(servers) && typeof servers[0] === 'string' ? servers[0] : undefined;
  if (!issuer) { d.gap = 'the protected resource metadata lists no authorization server'; return d; }
  await asMetadata(http, issuer, d);
  return d;
}
