// An MCP client for the official conformance suite: @mcp-oauth/client-flow does all of the OAuth,
// the official SDK (@modelcontextprotocol/client) only the MCP messages.
// Usage: node --experimental-strip-types src/client.ts <server-url>
//   env: MCP_CONFORMANCE_SCENARIO, MCP_CONFORMANCE_CONTEXT (JSON), MCP_CONFORMANCE_PROTOCOL_VERSION
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import {
  createDpopSession, createMcpOAuthClient, jwtBearerToken, tokenExchange,
  type GrantFunction, type McpOAuthClientOptions,
} from '@mcp-oauth/client-flow';
import type { JwtAlgorithm, JwtKey } from '@mcp-oauth/jwt-lite';

const serverUrl = process.argv.at(-1) ?? '';
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const version = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? '2025-11-25';
const ctx = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as Record<string, string>;

/** Headless browser: the conformance AS auto-approves, so its answer is a redirect to the callback. */
async function headless(url: URL): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (!location) throw new Error(`authorization endpoint answered ${res.status} without a redirect`);
  return new URL(location, url).href;
}

/** PKCS#8 PEM → a signing key for private_key_jwt. */
async function importPem(pem: string, alg: JwtAlgorithm): Promise<JwtKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const params = alg.startsWith('ES') ? { name: 'ECDSA', namedCurve: `P-${alg === 'ES384' ? 384 : 256}` }
    : alg === 'EdDSA' ? { name: 'Ed25519' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return { alg, key: await crypto.subtle.importKey('pkcs8', der, params, false, ['sign']) };
}

/** Enterprise-managed authorization: ID token → ID-JAG at the IdP (RFC 8693), then the JWT-bearer grant. */
const enterprise: GrantFunction = async ({ as, resource, scope, options }) => {
  const idp = { issuer: ctx['idp_issuer'] ?? '', token_endpoint: ctx['idp_token_endpoint'] ?? '' };
  const { access_token: idJag } = await tokenExchange(idp, {
    ...options,
    client: { client_id: ctx['idp_client_id'] ?? '', token_endpoint_auth_method: 'none' },
    subjectToken: ctx['idp_id_token'] ?? '',
    subjectTokenType: 'urn:ietf:params:oauth:token-type:id_token',
    requestedTokenType: 'urn:ietf:params:oauth:token-type:id-jag',
    audience: as.issuer,
    resource,
    ...(scope ? { scope } : {}),
  });
  return jwtBearerToken(as, {
    ...options,
    client: { client_id: ctx['client_id'] ?? '', client_secret: ctx['client_secret'] ?? '', token_endpoint_auth_method: 'client_secret_basic' },
    assertion: idJag,
    resource,
    ...(scope ? { scope } : {}),
  });
};

/** Workload identity: the platform-issued JWT is the grant. */
const workload: GrantFunction = ({ as, resource, scope, options }) => jwtBearerToken(as, {
  ...options,
  client: { client_id: ctx['client_id'] ?? '', token_endpoint_auth_method: 'none' },
  assertion: ctx['valid_jwt'] ?? '',
  resource,
  ...(scope ? { scope } : {}),
});

async function options(): Promise<McpOAuthClientOptions> {
  const base = {
    serverUrl,
    redirectUri: 'http://127.0.0.1:3000/callback',
    authorize: headless,
    registration: { clientName: 'mcp-oauth conformance client', clientMetadataUrl: 'https://conformance-test.local/client-metadata.json' },
  };
  switch (scenario) {
    case 'auth/client-credentials-basic':
      return { serverUrl, grant: 'client_credentials', registration: { preRegistered: { client_id: ctx['client_id'] ?? '', client_secret: ctx['client_secret'] ?? '', token_endpoint_auth_method: 'client_secret_basic' } } };
    case 'auth/client-credentials-jwt':
      return {
        serverUrl, grant: 'client_credentials', privateKey: await importPem(ctx['private_key_pem'] ?? '', (ctx['signing_algorithm'] ?? 'ES256') as JwtAlgorithm),
        registration: { preRegistered: { client_id: ctx['client_id'] ?? '', token_endpoint_auth_method: 'private_key_jwt' } },
      };
    case 'auth/pre-registration':
      return { ...base, registration: { preRegistered: { client_id: ctx['client_id'] ?? '', client_secret: ctx['client_secret'] ?? '', token_endpoint_auth_method: 'client_secret_basic', ...(ctx['issuer'] ? { issuer: ctx['issuer'] } : {}) } } };
    case 'auth/enterprise-managed-authorization':
      return { serverUrl, grant: enterprise };
    case 'auth/wif-jwt-bearer':
      return { serverUrl, grant: workload };
    case 'auth/dpop':
    case 'auth/dpop-nonce':
      return { ...base, dpop: await createDpopSession() };
    default:
      return base;
  }
}

const oauth = createMcpOAuthClient(await options());
const transport = new StreamableHTTPClientTransport(new URL(serverUrl), { fetch: oauth.fetch });
const client = new Client(
  { name: 'mcp-oauth-conformance-client', version: '0.0.0' },
  version >= '2026' ? { versionNegotiation: { mode: { pin: version } } } : {},
);
try {
  await client.connect(transport);
  const { tools } = await client.listTools();
  for (const tool of tools.slice(0, 1)) await client.callTool({ name: tool.name, arguments: {} });
  await client.close();
} catch (e) {
  const err = e as { code?: unknown; name?: string };
  process.stderr.write(`client stopped: ${err.name ?? 'Error'} ${String(err.code ?? '')}\n`);
  process.exitCode = 1;
}
