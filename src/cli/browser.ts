import { spawn } from 'node:child_process';

/**
 * Opens a URL in the user's browser (RFC 8252: native apps use the system browser). Best effort:
 * on a machine without one, the printed URL is the way.
 */
export function openBrowser(url: string, platform: NodeJS.Platform): void {
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? // Not `cmd /c start`: cmd would split the URL at its `&`s.
          ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No browser launcher: the URL is on the screen.
  }
}
