// What `proxy` learns from its surroundings: its callback ports, whether a browser can open, and
// how to print text that came from a server.
import { createHash } from 'node:crypto';

// Below every common ephemeral range (Linux 32768-60999, macOS and Windows 49152-65535), so an
// outgoing connection of this machine never happens to hold the port the browser comes back to.
const LOW = 20000;
const SPAN = 32768 - LOW;

/**
 * Two loopback callback ports for `server`, derived from its URL (origin and path) so that they
 * stay the same from run to run and differ between servers: a registration made for them
 * (`redirect_uris`) stays valid at an authorization server that compares ports exactly.
 */
export function stablePorts(server: URL): readonly [number, number] {
  const h = createHash('sha256').update(`mcp-oauth proxy callback\n${server.origin}${server.pathname}`).digest();
  const a = LOW + (h.readUInt16BE(0) % SPAN);
  const b = LOW + ((a - LOW + 1 + (h.readUInt16BE(2) % (SPAN - 1))) % SPAN); // never equal to a
  return [a, b];
}

/**
 * Whether a browser can be shown on this machine: always on macOS and Windows; elsewhere only with
 * a graphical session (`DISPLAY` or `WAYLAND_DISPLAY`), so an SSH shell or a container is not.
 * `BROWSER=none` says no anywhere.
 */
export function browserAvailable(env: Record<string, string | undefined> = process.env, platform: string = process.platform): boolean {
  if (env['BROWSER'] === 'none') return false;
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env['DISPLAY'] || env['WAYLAND_DISPLAY']);
}

/**
 * Server-chosen text made safe for a terminal line: at most `max` characters, anything outside
 * printable ASCII (escape sequences, newlines, bidi controls) written as `\uXXXX`.
 */
export function printable(text: string, max = 256): string {
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  return cut.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
