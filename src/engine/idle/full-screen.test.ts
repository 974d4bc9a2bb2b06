import { describe, expect, test, vi } from 'vitest';
import {
  WindowsFullScreen,
  X11FullScreen,
  fullScreenSourceFor,
  parseActiveWindow,
  parseNotificationState,
  parseWindowState,
} from './full-screen';

const enoent = () => Object.assign(new Error('spawn xprop ENOENT'), { code: 'ENOENT' });

describe('xprop outputs (captured)', () => {
  test.for([
    ['_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007\n', '0x3a00007'],
    ['_NET_ACTIVE_WINDOW(WINDOW): window id # 0x0\n', null],
    ['_NET_ACTIVE_WINDOW:  not found.\n', null],
  ] as const)('active window of %j', ([out, id]) => {
    expect(parseActiveWindow(out)).toBe(id);
  });

  test.for([
    ['_NET_WM_STATE(ATOM) = _NET_WM_STATE_FULLSCREEN\n', true],
    ['_NET_WM_STATE(ATOM) = _NET_WM_STATE_FOCUSED, _NET_WM_STATE_FULLSCREEN\n', true],
    ['_NET_WM_STATE(ATOM) = _NET_WM_STATE_MAXIMIZED_VERT, _NET_WM_STATE_MAXIMIZED_HORZ, _NET_WM_STATE_FOCUSED\n', false],
    ['_NET_WM_STATE(ATOM) = \n', false],
    ['_NET_WM_STATE:  not found.\n', false],
  ] as const)('window state %j', ([out, fullScreen]) => {
    expect(parseWindowState(out)).toBe(fullScreen);
  });
});

describe('SHQueryUserNotificationState through PowerShell (captured)', () => {
  test.for([
    ['1\r\n', false], // no user logged on
    ['2\r\n', true], // a full-screen program
    ['3\r\n', true], // Direct3D full screen: most games
    ['4\r\n', true], // presentation mode
    ['5\r\n', false], // the normal desktop
    ['7\r\n', false], // a Windows Store app
    ['', null],
    ['Add-Type : Cannot add type.\r\n', null],
  ] as const)('%j', ([out, fullScreen]) => {
    expect(parseNotificationState(out)).toBe(fullScreen);
  });
});

describe('X11FullScreen (xprop faked)', () => {
  test('asks for the focused window, then its state', async () => {
    const run = vi.fn(async (_command: string, args: string[]) =>
      args[0] === '-root' ? '_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007\n' : '_NET_WM_STATE(ATOM) = _NET_WM_STATE_FULLSCREEN\n',
    );
    const source = new X11FullScreen(run);
    expect(await source.read()).toBe(true);
    expect(run.mock.calls.map(([, args]) => args.join(' '))).toEqual(['-root _NET_ACTIVE_WINDOW', '-id 0x3a00007 _NET_WM_STATE']);
    expect(source.unsupported()).toBeNull();
  });

  test('without xprop it says so, plainly, and stops asking', async () => {
    const run = vi.fn(async () => Promise.reject(enoent()));
    const source = new X11FullScreen(run);
    expect(await source.read()).toBeNull();
    expect(await source.read()).toBeNull();
    expect(run).toHaveBeenCalledTimes(1);
    expect(source.unsupported()).toMatch(/xprop tool is not installed/);
  });

  test('a window that closes between the two questions is not full screen, and the next reading asks again', async () => {
    let calls = 0;
    const source = new X11FullScreen(async (_c, args) => {
      calls++;
      if (args[0] === '-id') throw new Error('BadWindow (invalid Window parameter)');
      return '_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007\n';
    });
    expect(await source.read()).toBe(false);
    expect(await source.read()).toBe(false);
    expect(calls).toBe(4);
    expect(source.unsupported()).toBeNull();
  });
});

describe('WindowsFullScreen (PowerShell faked)', () => {
  test('reuses an answer for a while, since PowerShell is slow to start', async () => {
    let now = 0;
    const run = vi.fn(async (_command: string, _args: string[]) => '3\r\n');
    const source = new WindowsFullScreen(run, 10_000, () => now);
    expect(await source.read()).toBe(true);
    now = 9_000;
    expect(await source.read()).toBe(true);
    expect(run).toHaveBeenCalledTimes(1);
    now = 10_000;
    run.mockResolvedValueOnce('5\r\n');
    expect(await source.read()).toBe(false);
    expect(run.mock.calls[0]![0]).toBe('powershell.exe');
  });

  test('a slow answer loses one reading; no PowerShell at all is for good', async () => {
    let now = 0;
    const slow = new WindowsFullScreen(async () => Promise.reject(new Error('timed out')), 0, () => now++);
    expect(await slow.read()).toBeNull();
    expect(slow.unsupported()).toBeNull();
    const missing = new WindowsFullScreen(async () => Promise.reject(enoent()), 0, () => now++);
    expect(await missing.read()).toBeNull();
    expect(missing.unsupported()).toMatch(/PowerShell is not available/);
  });
});

describe('fullScreenSourceFor', () => {
  const run = async () => '';
  test.for([
    ['linux', { DISPLAY: ':0' }, null],
    ['linux', { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' }, /Wayland/],
    ['linux', {}, /without a desktop session/],
    ['darwin', {}, /not detected on macOS/],
    ['win32', {}, null],
    ['freebsd', {}, /not detected on this system/],
  ] as const)('%s %j', ([platform, env, unsupported]) => {
    const reason = fullScreenSourceFor(platform, env, run).unsupported();
    if (unsupported === null) expect(reason).toBeNull();
    else expect(reason).toMatch(unsupported);
  });
});
