// The pages of the user-code flow (RFC 8628 §3.3, §5.4): escaped, not frameable (A20), the
// client named, a phishing warning on every page that leads to approval.
import type { ClientRecord } from '../store';
import { HTML_HEADERS, escapeHtml } from './http';

const HEAD = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}.w{background:#fff4e5;border:1px solid #f0a040;padding:.5rem 1rem}input,button{font-size:1rem;padding:.5rem 1rem;margin-right:1rem}</style>`;
const PHISHING = 'Only continue if you started this sign-in yourself, on a device in front of you. Never enter a code that someone sent you.';

function page(title: string, body: string, status: number, cookie?: string): Response {
  const headers = new Headers(HTML_HEADERS);
  if (cookie !== undefined) headers.append('set-cookie', cookie);
  return new Response(`${HEAD}<title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1>${body}</html>`, { status, headers });
}

export function codeEntryPage(v: { action: string; csrf: string; userCode: string; error?: string; status?: number; cookie?: string }): Response {
  return page('Connect a device', `${v.error ? `<p class="w">${escapeHtml(v.error)}</p>` : ''}
<p>Enter the code shown on your device.</p><p class="w">${escapeHtml(PHISHING)}</p>
<form method="post" action="${escapeHtml(v.action)}"><input type="hidden" name="step" value="code"><input type="hidden" name="csrf" value="${escapeHtml(v.csrf)}">
<input name="user_code" value="${escapeHtml(v.userCode)}" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="XXXX-XXXX" required>
<button>Continue</button></form>`, v.status ?? 200, v.cookie);
}

export function deviceConsentPage(v: { client: ClientRecord; scopes: string[]; resource: string; userCode: string; action: string; txn: string; csrf: string; cookie: string }): Response {
  const m = v.client.metadata;
  const name = typeof m.client_name === 'string' && m.client_name !== '' ? m.client_name : 'An unnamed application';
  const li = (s: string): string => `<li>${escapeHtml(s)}</li>`;
  const warn = [PHISHING];
  if (v.client.source !== 'config') warn.push('This application registered itself automatically; its name is not verified.');
  return page('Authorize a device', `<p><strong>${escapeHtml(name)}</strong> on a device with the code <strong>${escapeHtml(v.userCode)}</strong> wants to access your account.</p>
<div class="w"><ul>${warn.map(li).join('')}</ul></div>
<p>Resource: <code>${escapeHtml(v.resource)}</code></p>
<p>Permissions requested:</p><ul>${v.scopes.length ? v.scopes.map(li).join('') : '<li>basic access</li>'}</ul>
<form method="post" action="${escapeHtml(v.action)}"><input type="hidden" name="step" value="decide">
<input type="hidden" name="txn" value="${escapeHtml(v.txn)}"><input type="hidden" name="csrf" value="${escapeHtml(v.csrf)}">
<button name="decision" value="approve">Approve</button><button name="decision" value="deny">Deny</button></form>`, 200, v.cookie);
}

export function deviceDonePage(approved: boolean, cookie?: string): Response {
  return approved
    ? page('Device connected', '<p>You may close this page and return to your device.</p>', 200, cookie)
    : page('Access denied', '<p>The device was not given access. You may close this page.</p>', 200, cookie);
}
