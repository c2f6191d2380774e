// The --help text of each command.

/** Where the requirement ids that inspect and check print are listed, in this repository's docs. */
const IDS = 'https://github.com/mcp-oauth/mcp-oauth/blob/main/docs/conformance.md';
export const HELP: Record<string, string> = {
  main: `mcp-oauth: OAuth for the Model Context Protocol, from the command line.
Run it with npx @mcp-oauth/cli <command>, or install it: npm i -g @mcp-oauth/cli

Usage: mcp-oauth <command> [options]

Commands and their options:
  demo [--interactive] [--timeout <seconds>]
      Run the whole MCP authorization flow against embedded servers
  inspect <mcp-url> [--json] [--timeout <seconds>]
      Show what a client sees of a server, with a verdict per requirement id
  login <mcp-url> [--scope <scopes>] [--port <n>] [--client-name <name>] [--client-id <id>]
        [--client-issuer <url>] [--client-metadata-url <https-url>] [--store-dir <dir>] [--timeout <seconds>]
      Sign in (browser + loopback redirect) and store the tokens
  token <mcp-url> [--store-dir <dir>]
      Print a fresh access token (refreshing if needed), for scripts
  tools <mcp-url> [--json] [--store-dir <dir>] [--timeout <seconds>]
      List the server's tools, with the stored login
  call <mcp-url> <tool> [json-arguments] [--json] [--store-dir <dir>] [--timeout <seconds>]
      Call one tool and print its result
  logout <mcp-url> [--store-dir <dir>]
      Revoke the stored tokens and delete them
  check <mcp-url-or-issuer> [--intrusive] [--json] [--timeout <seconds>] [--max-requests <n>]
        [--rate <n>] [--other-resource <url>] [--refresh-grace <seconds>]
      Property-test an MCP server or authorization server for conformance
  proxy <mcp-url> [--header <name: value>]... [--scope <scopes>] [--client-id <id> | --client-metadata-url <https-url>]
        [--port <n>] [--device] [--store-dir <dir>]
      Relay MCP between a stdio host and a remote Streamable HTTP server, signing in with OAuth

Every command takes --help for the details. Also: mcp-oauth --version.
Requirement ids: ${IDS}
Exit status: 0 success, 1 failure, 2 usage error (proxy: also 3 and 4, see mcp-oauth proxy --help).`,
  proxy: `Usage: mcp-oauth proxy <mcp-url> [--header <name: value>]... [--scope <scopes>]
                 [--client-id <id> | --client-metadata-url <https-url>] [--port <n>] [--device] [--store-dir <dir>]

For MCP hosts that speak only stdio: run it as the host's MCP server command. It reads the host's
JSON-RPC messages on stdin (one per line) and relays them to the remote MCP server over Streamable
HTTP, and everything the server sends back to stdout (only MCP messages; diagnostics go to stderr).
Both wires: 2025-11-25 (session, server-to-client requests, resumption, a new session when the
server forgets it) and 2026-07-28 (per-request POSTs with the Mcp-Method, Mcp-Name and Mcp-Param-*
headers). When the server asks for authorization, it signs in (browser and loopback redirect, or the
device grant), stores the tokens like login does, refreshes them and steps up on insufficient_scope.
A request that fails gets a JSON-RPC error with its id. Bounded: 16 MiB per message, 5 minutes of
silence per answer, 32 requests at a time.

  --header <name: value>  Send this header with every request (repeatable), e.g. an API key;
                          OAuth is then never attempted. \${NAME} in the value is read from
                          the environment (keeps the secret out of the process list)
  --scope <scopes>        Scopes to ask for at sign-in (default: what the server's challenge names)
  --client-id <id>        A client registered by hand (its secret, if any, from $MCP_OAUTH_CLIENT_SECRET)
  --client-metadata-url <https-url>  This client's Client ID Metadata Document (CIMD servers)
  --port <n>              Fixed loopback port for the redirect URI
  --device                Sign in with the device authorization grant (a code to enter elsewhere)
  --store-dir <dir>       Token folder (default $MCP_OAUTH_STORE_DIR, else ~/.config/mcp-oauth/tokens)

Exit status: 0 the host closed stdin (requests in flight get 2 s, then the session is ended),
1 an unexpected failure, 2 usage error, 3 authorization failed on the first exchange with the
server, 4 the server could not be reached on the first exchange. Later failures are JSON-RPC
errors to the host.`,
  demo: `Usage: mcp-oauth demo [--interactive] [--timeout <seconds>]

Starts an authorization server and an MCP server on 127.0.0.1 (in memory, free ports), runs the
MCP client through the whole flow and prints each step (tokens redacted): 401 and challenge,
protected-resource metadata, authorization-server metadata, registration, PKCE authorization,
token, tool calls, 403 and step-up, refresh, refresh-token reuse detection, revocation, 401 again.
Exits 0 only when every step did what it says; otherwise 1, naming the step.

  --interactive        Approve consent on the real consent page in your browser
  --timeout <seconds>  Time limit for the whole demo (default 30; 600 with --interactive)`,
  inspect: `Usage: mcp-oauth inspect <mcp-url> [--json] [--timeout <seconds>]

Runs discovery like an MCP client (an unauthenticated request and its challenge, the protected-
resource metadata, the authorization-server metadata, an invalid token) and prints what it found
with a verdict per requirement id, explaining each problem. Progress goes to stderr. A server
that does not answer (connection refused, timeout, TLS error, unknown host) is reported once, as
such. Nothing is registered and no token is sent. Exits 1 when a check fails or the server
cannot be reached. The ids are listed in docs/conformance.md: ${IDS}

  --json               Print the report as JSON
  --timeout <seconds>  Time limit per request (default 10)`,
  login: `Usage: mcp-oauth login <mcp-url> [--scope <scopes>] [--port <n>] [--client-id <id> [--client-issuer <url>]] [--store-dir <dir>]

Signs in with the authorization-code flow and PKCE: a loopback receiver on 127.0.0.1 gets the
redirect, the browser opens the authorization page (the URL is also printed, for machines
without a browser). Tokens and the client registration are stored in 0600 files in a 0700 folder.

  --scope <scopes>     Scopes to ask for (default: what the server's challenge names)
  --port <n>           Fixed loopback port for the redirect URI (default: a free port)
  --client-name <name> client_name for dynamic registration (default "mcp-oauth CLI")
  --client-id <id>     A client registered by hand (servers without CIMD or DCR); its secret,
                       if it has one, is read from $MCP_OAUTH_CLIENT_SECRET, never from arguments.
                       It is sent only to the first authorization server it is used with
  --client-issuer <url>  The issuer --client-id was registered with (it is sent there only)
  --client-metadata-url <https-url>  This client's Client ID Metadata Document (CIMD servers)
  --store-dir <dir>    Token folder (default $MCP_OAUTH_STORE_DIR, else ~/.config/mcp-oauth/tokens)
  --timeout <seconds>  How long to wait for the browser (default 300)

For tests and CI only: MCP_OAUTH_CLI_HEADLESS_AUTHORIZE=1 follows the authorization redirect
without a browser (works only with a server that approves without a page, like the demo's).`,
  token: `Usage: mcp-oauth token <mcp-url> [--store-dir <dir>]

Prints a valid access token for the server on stdout (nothing else), refreshing it first when
it expires within 60 seconds. Exits 1 when you are not logged in (run mcp-oauth login).

  --store-dir <dir>    Token folder (default $MCP_OAUTH_STORE_DIR, else ~/.config/mcp-oauth/tokens)`,
  tools: `Usage: mcp-oauth tools <mcp-url> [--json] [--store-dir <dir>] [--timeout <seconds>]

Lists the tools of an MCP server you logged in to (mcp-oauth login): an MCP session over
Streamable HTTP (initialize, tools/list), with the stored tokens, refreshed when needed. Prints
each tool's name and description. A 401 that a refresh cannot fix says to run login again; a
403 insufficient_scope signs in again with the wider scope when you are at a terminal, else
names the scopes to sign in with.

  --json               Print [{ name, title?, description?, inputSchema? }]
  --store-dir <dir>    Token folder (default $MCP_OAUTH_STORE_DIR, else ~/.config/mcp-oauth/tokens)
  --timeout <seconds>  Time limit for the whole command (default 30)`,
  call: `Usage: mcp-oauth call <mcp-url> <tool> [json-arguments] [--json] [--store-dir <dir>] [--timeout <seconds>]

Calls one tool of an MCP server you logged in to, as tools does, and prints the text of its
result (other content as [type]). The arguments are one JSON object: '{"text":"hello"}'.
Exit status 1 when the tool reports an error (isError) or the call fails.

  --json               Print the result as { isError, content, structuredContent? }
  --store-dir <dir>    Token folder (default $MCP_OAUTH_STORE_DIR, else ~/.config/mcp-oauth/tokens)
  --timeout <seconds>  Time limit for the whole command (default 30)`,
  logout: `Usage: mcp-oauth logout <mcp-url> [--store-dir <dir>]

Revokes the stored refresh and access tokens at the authorization server (RFC 7009), then
deletes them and the client registration. The local copy is deleted even when revocation fails
(exit status 1 then). A server that does not revoke access tokens (unsupported_token_type) is not
a failure: the refresh token is revoked and the access token stays valid until it expires.

  --store-dir <dir>    Token folder (default $MCP_OAUTH_STORE_DIR, else ~/.config/mcp-oauth/tokens)`,
  check: `Usage: mcp-oauth check <mcp-url-or-issuer> [--intrusive] [--json] [--timeout <seconds>]
                 [--max-requests <n>] [--rate <n>] [--other-resource <url>] [--refresh-grace <seconds>]

Property-tests a server against the MCP authorization requirements and the known flaws
(@mcp-oauth/conformance) and prints a report card: one line per requirement id with its verdict
(pass, fail, not-applicable, not-tested), the evidence, what to fix, and for each failure the
shrunk counterexample as a replayable curl command (tokens and secrets replaced by <placeholders>).
The ids are listed in docs/conformance.md: ${IDS}
Progress goes to stderr. Exit status 0 when nothing fails, 1 when something does.

Without --intrusive it only reads: metadata, challenges, forged tokens. It never sends a token
anywhere but where it was issued for, follows no redirect, and stays within a request budget
and a rate cap.

  --intrusive              Also register clients, authorize (the server must approve without a
                           person, like a test server), request and refresh tokens, send oversized
                           requests. Only against servers you own or may test.
  --json                   Print { target, issuer, ok, requests, results: [{ id, verdict, evidence, ... }] }
  --timeout <seconds>      Time limit per request (default 10)
  --max-requests <n>       Request budget for the whole run (default 400)
  --rate <n>               Requests per second at most (default 10)
  --other-resource <url>   Another resource of the same authorization server: a token issued for it
                           must be refused by the MCP server (R-TOK-2)
  --refresh-grace <seconds>  The server's documented grace for a rotated refresh token (server-flow:
                           2); A-RT-1 waits it out before replaying the old token`,
};
