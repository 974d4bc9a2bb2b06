import { join } from 'node:path';

/** The argument a login launch carries, so the app starts in the tray instead of opening a window. */
export const HIDDEN_ARG = '--hidden';

/**
 * Electron's setLoginItemSettings does nothing on Linux; desktops there start what
 * ~/.config/autostart/*.desktop names (the XDG Autostart spec). An AppImage must be started
 * through its own path ($APPIMAGE), not the temporary mount the running binary lives in.
 */
export function linuxAutostartEntry(input: { env: NodeJS.ProcessEnv; execPath: string; home: string }): { path: string; contents: string } {
  const configHome = input.env.XDG_CONFIG_HOME || join(input.home, '.config');
  const exec = input.env.APPIMAGE || input.execPath;
  const quoted = /[\s"'\\$`]/.test(exec) ? `"${exec.replace(/(["\\$`])/g, '\\$1')}"` : exec;
  return {
    path: join(configHome, 'autostart', 'plexai-miner.desktop'),
    contents: [
      '[Desktop Entry]',
      'Type=Application',
      'Name=PlexAi Miner',
      'Comment=Earn PLEXAI with your idle GPU',
      `Exec=${quoted} ${HIDDEN_ARG}`,
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      '',
    ].join('\n'),
  };
}

export function launchedHidden(argv: readonly string[], openedAtLogin: boolean): boolean {
  return openedAtLogin || argv.includes(HIDDEN_ARG);
}
