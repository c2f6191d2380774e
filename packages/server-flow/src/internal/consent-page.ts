// The built-in consent page: every client-supplied string escaped, the redirect host shown,
// warnings for untrusted and loopback clients, not frameable (A20, A39, A48, A-CONS-1).
import type { ClientRecord } from '../store';
import { HTML_HEADERS, escapeHtml } from './http';

export interface ConsentView {
  client: ClientRecord;
  redirectUri: string;
  scopes: string[];
  resource: string;
  action: string;
  txn: string;
  csrf: string;
  cookie: string;
}

function host(uri: string): string {
  try {
    const u = new URL(uri);
    return u.host || u.protocol;
  } catch { return 'unknown'; }
}

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d+)?\//;

export function consentPage(v: ConsentView): Response {
  const m = v.client.metadata;
  const name = typeof m.client_name === 'string' && m.client_name !== '' ? m.client_name : 'An unnamed application';
  const redirectHost = host(v.redirectUri);
  const warnings: string[] = [];
  if (v.client.source !== 'config') warnings.push('This application registered itself automatically; its name is not verified.');
  if (LOOPBACK.test(v.redirectUri)) warnings.push('It will receive the authorization on this computer (localhost). Approve only if you just started it yourself.');
  if (typeof m.client_uri === 'string' && host(m.client_uri) !== redirectHost) {
    warnings.push(`Its website (${host(m.client_uri)}) is not the host that receives the authorization.`);
  }
  const li = (s: string): string => `<li>${escapeHtml(s)}</li>`;
  const body = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Authorize access</title>
<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}.w{background:#fff4e5;border:1px solid #f0a040;padding:.5rem 1rem}button{font-size:1rem;padding:.5rem 1.5rem;margin-right:1rem}</style>
<h1>${escapeHtml(name)} wants to access your account</h1>
<p>After you decide, you will be sent to <strong>${escapeHtml(redirectHost)}</strong>.</p>
${warnings.length ? `<div class="w"><ul>${warnings.map(li).join('')}</ul></div>` : ''}
<p>Resource: <code>${escapeHtml(v.resource)}</code></p>
<p>Permissions requested:</p><ul>${v.scopes.length ? v.scopes.map(li).join('') : '<li>basic access</li>'}</ul>
<form method="post" action="${escapeHtml(v.action)}">
<input type="hidden" name="txn" value="${escapeHtml(v.txn)}"><input type="hidden" name="csrf" value="${escapeHtml(v.csrf)}">
<button name="decision" value="approve">Approve</button><button name="decision" value="deny">Deny</button>
</form></html>`;
  const headers = new Headers(HTML_HEADERS);
  headers.append('set-cookie', v.cookie);
  return new Response(body, { status: 200, headers });
}
