// The human-readable form of an inspect report.
import type { InspectReport } from '../inspect';
import { safeText } from './format';

const MARK = { pass: '✓', warn: '!', fail: '✗', skip: '-' } as const;
const list = (v: unknown): string => (Array.isArray(v) ? v.map((x) => safeText(x, 80)).join(', ') : '');

/** The report as lines for a terminal. */
export function formatReport(r: InspectReport): string[] {
  const out = [`Inspecting ${safeText(r.url, 300)}`, ''];
  if (r.unreachable) return [...out, `Could not reach the server: ${safeText(r.unreachable.text, 300)}.`, 'Check the URL, and that the server is running and reachable from here.'];
  const ch = r.challenge;
  out.push(ch ? `Challenge:        ${ch.status}${ch.status === 401 && !ch.resourceMetadata ? ' (no resource_metadata)' : ''}${ch.resourceMetadata ? ` resource_metadata=${safeText(ch.resourceMetadata)}` : ''}${ch.scope !== undefined ? ` scope="${safeText(ch.scope)}"` : ''}` : 'Challenge:        (no answer)');
  const prm = r.protectedResourceMetadata;
  if (prm) {
    out.push(`Resource metadata: ${safeText(prm.url)}`);
    out.push(`  resource=${safeText(prm.document['resource'])} authorization_servers=[${list(prm.document['authorization_servers'])}] scopes_supported=[${list(prm.document['scopes_supported'])}]`);
  } else out.push('Resource metadata: (none found)');
  const as = r.authorizationServer;
  if (as) {
    const d = as.document;
    out.push(`Authorization server: ${safeText(as.issuer)}${prm ? '' : ' (assumed: the server\'s origin, as 2025-03-26 clients do without PRM)'}`);
    out.push(`  metadata at ${safeText(as.metadataUrl)}`);
    out.push(`  PKCE=[${list(d['code_challenge_methods_supported'])}] iss parameter=${d['authorization_response_iss_parameter_supported'] === true ? 'yes' : 'no'} CIMD=${d['client_id_metadata_document_supported'] === true ? 'yes' : 'no'} DCR=${typeof d['registration_endpoint'] === 'string' ? 'yes' : 'no'}`);
    out.push(`  scopes_supported=[${list(d['scopes_supported'])}] grant_types=[${list(d['grant_types_supported'])}] token auth=[${list(d['token_endpoint_auth_methods_supported'])}]`);
  } else out.push('Authorization server: (no metadata found)');
  out.push('', 'Verdicts:');
  for (const c of r.checks) {
    out.push(`  ${MARK[c.verdict]} ${c.id.padEnd(9)} ${c.summary}`);
    if (c.explanation) out.push(`      ${c.explanation}`);
  }
  const fails = r.checks.filter((c) => c.verdict === 'fail').length;
  const warns = r.checks.filter((c) => c.verdict === 'warn').length;
  out.push('', fails ? `Result: ${fails} problem(s) a client cannot work around, ${warns} warning(s).` : `Result: a client can authorize with this server (${warns} warning(s)).`);
  return out;
}
