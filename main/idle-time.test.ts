import { describe, expect, test } from 'vitest';
import { desktopIdleTime, isWaylandSession } from './idle-time';

describe('which idle clock the desktop app reads', () => {
  test.each([
    ['linux', { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, true],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }, true],
    ['linux', { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' }, false],
    ['win32', { XDG_SESSION_TYPE: 'wayland' }, false],
    ['darwin', {}, false],
  ] as const)('%s %j: Wayland %s', (platform, env, wayland) => {
    expect(isWaylandSession(platform, env)).toBe(wayland);
  });

  test('on Windows, macOS and X11 the owner’s idle time is powerMonitor’s (stubbed here: Electron cannot run on this machine)', async () => {
    const source = desktopIdleTime({ getSystemIdleTime: () => 184 }, 'win32', {});
    expect(await source.idleSeconds()).toBe(184);
  });

  test('on Wayland without the desktop’s idle tools the time is unknown, never a constant 0 s that would keep mining paused', async () => {
    let asked = false;
    const source = desktopIdleTime({ getSystemIdleTime: () => ((asked = true), 0) }, 'linux', { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0' });
    expect(await source.idleSeconds()).toBeNull();
    expect(asked).toBe(false);
  });
});
