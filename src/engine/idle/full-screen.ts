import type { CommandRunner } from './signals';

/** Whether a program fills the screen in front of the owner: a game, a film, a presentation. */
export interface FullScreenSource {
  /** Null while detection works here (or has not failed yet); otherwise why it cannot, in plain words. */
  unsupported(): string | null;
  /** True while a full-screen program is in front; null when this system cannot tell. */
  read(): Promise<boolean | null>;
}

/** `xprop -root _NET_ACTIVE_WINDOW` → the focused window's id, or null when none has focus. */
export function parseActiveWindow(out: string): string | null {
  const id = /window id # (0x[0-9a-f]+)/i.exec(out)?.[1];
  return id && Number.parseInt(id, 16) !== 0 ? id : null;
}

/** `xprop -id <window> _NET_WM_STATE` → whether the window manager has made it full screen. */
export function parseWindowState(out: string): boolean {
  return /^_NET_WM_STATE\(ATOM\) = .*\b_NET_WM_STATE_FULLSCREEN\b/m.test(out);
}

/**
 * SHQueryUserNotificationState's answer, which Windows uses to hold back its own notifications:
 * 2 busy (a full-screen program), 3 Direct3D full screen, 4 presentation mode. Null for output
 * that is not one of its values.
 */
export function parseNotificationState(out: string): boolean | null {
  const value = Number.parseInt(out.trim(), 10);
  if (!Number.isInteger(value) || value < 1 || value > 7) return null;
  return value >= 2 && value <= 4;
}

/** X11: the focused window and its EWMH state, through xprop. */
export class X11FullScreen implements FullScreenSource {
  private failure: string | null = null;

  constructor(private readonly run: CommandRunner) {}

  unsupported(): string | null {
    return this.failure;
  }

  async read(): Promise<boolean | null> {
    if (this.failure) return null;
    let active: string | null;
    try {
      active = parseActiveWindow(await this.run('xprop', ['-root', '_NET_ACTIVE_WINDOW']));
    } catch (error) {
      this.failure =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'Full-screen programs cannot be detected: the xprop tool is not installed (on Debian and Ubuntu it comes with x11-utils).'
          : `Full-screen programs cannot be detected: the X display did not answer (${(error as Error).message.split('\n')[0]}).`;
      return null;
    }
    if (!active) return false;
    try {
      return parseWindowState(await this.run('xprop', ['-id', active, '_NET_WM_STATE']));
    } catch {
      // The window may close between the two questions: the next reading asks again.
      return false;
    }
  }
}

const notificationStateScript = `
Add-Type -Namespace PlexAi -Name Shell -MemberDefinition '[DllImport("shell32.dll")] public static extern int SHQueryUserNotificationState(out int state);'
$state = 0
[void][PlexAi.Shell]::SHQueryUserNotificationState([ref]$state)
$state
`;

/**
 * Windows: asks the shell through PowerShell. Starting PowerShell costs about a second of CPU, so
 * an answer is reused for `reuseMs`: a game that starts is noticed within that time.
 */
export class WindowsFullScreen implements FullScreenSource {
  private failure: string | null = null;
  private last: { at: number; value: boolean | null } | null = null;

  constructor(
    private readonly run: CommandRunner,
    private readonly reuseMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  unsupported(): string | null {
    return this.failure;
  }

  async read(): Promise<boolean | null> {
    if (this.failure) return null;
    if (this.last && this.now() - this.last.at < this.reuseMs) return this.last.value;
    let value: boolean | null = null;
    try {
      const encoded = Buffer.from(notificationStateScript, 'utf16le').toString('base64');
      value = parseNotificationState(await this.run('powershell.exe', ['-NoProfile', '-NonInteractive', '-EncodedCommand', encoded]));
      if (value === null) this.failure = 'Full-screen programs cannot be detected: Windows did not give its notification state.';
    } catch (error) {
      // A slow answer (a busy machine) is only this reading's loss; a missing PowerShell is for good.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') this.failure = 'Full-screen programs cannot be detected: Windows PowerShell is not available.';
    }
    this.last = { at: this.now(), value };
    return value;
  }
}

/** Where nothing can tell: the reason is known from the start. */
export class UnsupportedFullScreen implements FullScreenSource {
  constructor(private readonly reason: string) {}

  unsupported(): string {
    return this.reason;
  }

  async read(): Promise<null> {
    return null;
  }
}

/** The detection this platform and session allow. */
export function fullScreenSourceFor(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, run: CommandRunner): FullScreenSource {
  const instead = 'List the program under “Programs that pause mining” in Settings instead.';
  switch (platform) {
    case 'win32':
      return new WindowsFullScreen(run);
    case 'linux':
      if (env.WAYLAND_DISPLAY) {
        return new UnsupportedFullScreen(`Full-screen programs cannot be detected under Wayland, which keeps each program’s windows private. ${instead}`);
      }
      if (!env.DISPLAY) return new UnsupportedFullScreen(`Full-screen programs cannot be detected: this miner runs without a desktop session. ${instead}`);
      return new X11FullScreen(run);
    case 'darwin':
      return new UnsupportedFullScreen(`Full-screen programs are not detected on macOS yet. ${instead}`);
    default:
      return new UnsupportedFullScreen(`Full-screen programs are not detected on this system. ${instead}`);
  }
}
