import { spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';

/** Options of {@link openBrowser}; everything is injectable for tests. */
export interface OpenBrowserOptions {
  /** Defaults to `process.platform`. */
  readonly platform?: string;
  /** Defaults to `node:child_process` `spawn` (never with a shell). */
  readonly spawn?: (command: string, args: readonly string[], options: SpawnOptions) => { once(event: 'error' | 'spawn', fn: (e?: unknown) => void): unknown; unref(): void };
  /** Where the URL is printed when no browser can be opened; defaults to stderr. */
  readonly print?: (line: string) => void;
}

const UNSAFE = /[^\x21-\x7e]|["'`$<>\\^|{}()]/;

/**
 * Opens an `http:`/`https:` URL in the default browser: `xdg-open` (Linux), `open` (macOS) or
 * `rundll32 url.dll,FileProtocolHandler` (Windows), spawned with the URL as one argument and no
 * shell (C-AUTH-6). Any other scheme, or a URL with whitespace, quotes or shell metacharacters, is
 * refused. When nothing can be launched the URL is printed instead. Resolves whether a browser was
 * launched.
 *
 * @example
 * ```ts
 * import { openBrowser } from '@mcp-oauth/node';
 * declare const authorizationUrl: URL;
 *
 * await openBrowser(authorizationUrl);
 * ```
 * @throws {TypeError} when `url` is not an http(s) URL free of shell metacharacters.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export function openBrowser(url: string | URL, options: OpenBrowserOptions = {}): Promise<boolean> {
  const href = String(url);
  if (!/^https?:\/\/[^/]/i.test(href) || UNSAFE.test(href) || !URL.canParse(href) || !/^https?:$/.test(new URL(href).protocol)) {
    throw new TypeError('openBrowser: only http: and https: URLs without shell metacharacters');
  }
  const platform = options.platform ?? process.platform;
  const [command, args] = platform === 'darwin' ? ['open', [href]] : platform === 'win32'
    ? ['rundll32', ['url.dll,FileProtocolHandler', href]] : ['xdg-open', [href]];
  const print = options.print ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const spawn = options.spawn ?? nodeSpawn;
  return new Promise((resolve) => {
    const fallback = (): void => {
      print(`Open this URL in your browser to continue:\n${href}`);
      resolve(false);
    };
    try {
      const child = spawn(command as string, args as string[], { shell: false, stdio: 'ignore', detached: true, windowsHide: true });
      child.once('error', fallback);
      child.once('spawn', () => { child.unref(); resolve(true); });
    } catch {
      fallback();
    }
  });
}
