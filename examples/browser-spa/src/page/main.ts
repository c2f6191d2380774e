// The browser client: a button that calls an MCP tool through client-flow. The first call gets a
// 401, so client-flow discovers the server's authorization server, registers (DCR, a public client),
// and sends this tab to the authorization page; the page comes back to /callback with the code,
// client-flow exchanges it (PKCE, state and iss checked) and the tool call is made.
// Tokens and the pending authorization live in sessionStorage: they go when the tab is closed.
import { createMcpOAuthClient, webStorageStore } from '@mcp-oauth/client-flow';

const mcpUrl = document.querySelector<HTMLMetaElement>('meta[name="mcp-server"]')!.content;
const status = document.getElementById('status')!;
const result = document.getElementById('result')!;
const button = document.getElementById('connect') as HTMLButtonElement;
document.getElementById('server')!.textContent = mcpUrl;

const client = createMcpOAuthClient({
  serverUrl: mcpUrl,
  redirectUri: `${location.origin}/callback`,
  registration: { clientName: 'mcp-oauth browser example' },
  store: webStorageStore(sessionStorage),
  // Leave the page for the authorization server; the promise never settles here, and the
  // authorization is completed by handleCallback when the browser comes back to /callback.
  authorize(url) { location.assign(url.href); },
});

async function callTool(): Promise<void> {
  status.textContent = 'Calling the whoami tool…';
  const res = await client.fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {} } }),
  });
  const body = (await res.json()) as { result?: { content?: { text?: string }[] }; error?: { message?: string } };
  if (!res.ok || !body.result) throw new Error(`the MCP server answered ${res.status}`);
  result.textContent = body.result.content?.[0]?.text ?? '';
  result.hidden = false;
  status.textContent = 'Connected.';
  button.disabled = false;
}

const fail = (e: unknown): void => {
  // Error codes only: never a token, a code or a server's raw text on the page.
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : 'Error';
  status.textContent = `Failed: ${code}`;
  button.disabled = false;
};

button.addEventListener('click', () => {
  button.disabled = true;
  callTool().catch(fail);
});

if (location.pathname === '/callback') {
  const callback = location.href;
  // Take the code and state out of the address bar (and out of history) before anything else.
  history.replaceState(null, '', '/');
  status.textContent = 'Completing authorization…';
  button.disabled = true;
  client.handleCallback(callback).then(callTool).catch(fail);
}
