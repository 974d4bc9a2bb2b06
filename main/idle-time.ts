import { LinuxIdleTime, type IdleTimeSource } from '../src/engine/idle/signals';

/** The part of Electron's powerMonitor the idle time needs. */
export interface SystemIdleClock {
  getSystemIdleTime(): number;
}

/**
 * Under Wayland, Electron reads X's idle counter, which only XWayland clients move: it reports
 * 0 s while the owner is away, which would keep the miner paused forever. There the desktop's own
 * tools are asked (GNOME's IdleMonitor), and where none answers the idle time is unknown, which
 * the UI explains and offers the dedicated-rig setting for.
 */
export function isWaylandSession(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  return platform === 'linux' && (env.XDG_SESSION_TYPE === 'wayland' || (!!env.WAYLAND_DISPLAY && !env.DISPLAY));
}

/** Seconds since the owner's last input, for the desktop app. */
export function desktopIdleTime(clock: SystemIdleClock, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): IdleTimeSource {
  // Without DISPLAY, so that the Linux sources skip xprintidle, which reads the same X counter.
  if (isWaylandSession(platform, env)) return new LinuxIdleTime(undefined, { ...env, DISPLAY: undefined });
  return { idleSeconds: async () => clock.getSystemIdleTime() };
}
