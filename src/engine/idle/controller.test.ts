import { afterEach, describe, expect, test, vi } from 'vitest';
import { defaultSettings, type MiningMode, type Settings } from '../../common/api';
import { IdleController } from './controller';
import type { FullScreenSource } from './full-screen';
import { Emitter } from '../../common/lifecycle';
import { LinuxIdleTime, LinuxSystemSignals, withPowerSource, type SystemSignalSource } from './signals';

let controller: IdleController | undefined;
afterEach(() => controller?.dispose());

function setup(settings: Partial<Settings> = {}, sources: { fullScreen?: FullScreenSource; system?: SystemSignalSource } = {}) {
  const state = { idle: 600 as number | null, onBattery: false, processes: new Set<string>(), temperature: 60 };
  const idleTime = { idleSeconds: vi.fn(async () => state.idle) };
  controller = new IdleController(
    { activePollMs: 10, pausedPollMs: 20, systemPollMs: 0 },
    {
      idleTime,
      system: sources.system ?? { read: async () => ({ onBattery: state.onBattery, otherCpuLoadPercent: 0, runningProcesses: state.processes }) },
      settings: () => ({ ...defaultSettings, ...settings }),
      gpu: () => ({ temperatureC: state.temperature, otherLoadPercent: null }),
      ...(sources.fullScreen ? { fullScreen: sources.fullScreen } : {}),
    },
  );
  const modes: MiningMode[] = [];
  controller.onDidChange((m) => modes.push(m));
  return { state, idleTime, modes, controller };
}

describe('IdleController (fake idle and system sources)', () => {
  test('stopped: reports stopped and polls nothing', async () => {
    const { idleTime, controller } = setup();
    await controller.evaluate();
    await new Promise((r) => setTimeout(r, 50));
    expect(controller.current()).toEqual({ kind: 'paused', reason: 'stopped' });
    expect(idleTime.idleSeconds).not.toHaveBeenCalled();
  });

  test('follows input, battery and a listed game, then stops polling on stop', async () => {
    const { state, idleTime, modes, controller } = setup({ pauseForProcesses: ['Game.exe'] });
    await controller.setRunning(true);
    expect(controller.current()).toEqual({ kind: 'full' });
    state.idle = 0.05;
    await vi.waitFor(() => expect(controller.current()).toEqual({ kind: 'paused', reason: 'in-use' }));
    // Battery and processes are read in the background, a tick behind the idle time.
    state.onBattery = true;
    await vi.waitFor(() => expect(controller.current()).toEqual({ kind: 'paused', reason: 'on-battery' }));
    state.idle = 600;
    state.onBattery = false;
    state.processes = new Set(['game']);
    await vi.waitFor(() => expect(controller.current()).toEqual({ kind: 'paused', reason: 'listed-process' }));
    await controller.setRunning(false);
    const calls = idleTime.idleSeconds.mock.calls.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(idleTime.idleSeconds.mock.calls.length).toBe(calls);
    expect(modes.map((m) => (m.kind === 'paused' ? m.reason : m.kind))).toEqual(['full', 'in-use', 'on-battery', 'listed-process', 'stopped']);
  });

  test('where /sys has no battery (Windows, macOS) the platform’s power events pause and resume work at once (powerMonitor stubbed: Electron cannot run here)', async () => {
    const changed = new Emitter<void>();
    let onBattery = false;
    const system = withPowerSource(
      { read: async () => ({ onBattery: null, otherCpuLoadPercent: 0, runningProcesses: null }) },
      { onBattery: () => onBattery, onDidChange: changed.event },
    );
    controller = new IdleController(
      // Slow signals are polled once a minute: only the event can make the change show within the wait.
      { activePollMs: 10, pausedPollMs: 20, systemPollMs: 60_000 },
      { idleTime: { idleSeconds: async () => 600 }, system, settings: () => defaultSettings, gpu: () => ({ temperatureC: null, otherLoadPercent: null }) },
    );
    await controller.setRunning(true);
    expect(controller.current()).toEqual({ kind: 'full' });
    onBattery = true;
    changed.fire();
    await vi.waitFor(() => expect(controller!.current()).toEqual({ kind: 'paused', reason: 'on-battery' }), { timeout: 5_000 });
    onBattery = false;
    changed.fire();
    await vi.waitFor(() => expect(controller!.current()).toEqual({ kind: 'full' }), { timeout: 5_000 });
    changed.dispose();
  });

  test('a program going full screen pauses work, and leaving full screen resumes it', async () => {
    let fullScreen = false;
    const { controller } = setup({}, { fullScreen: { unsupported: () => null, read: async () => fullScreen } });
    await controller.setRunning(true);
    expect(controller.current()).toEqual({ kind: 'full' });
    fullScreen = true;
    await vi.waitFor(() => expect(controller.current()).toEqual({ kind: 'paused', reason: 'full-screen' }));
    fullScreen = false;
    await vi.waitFor(() => expect(controller.current()).toEqual({ kind: 'full' }));
  });

  test('where full screen cannot be detected, work goes on and the reason is published once', async () => {
    let reason: string | null = null;
    const source: FullScreenSource = { unsupported: () => reason, read: async () => ((reason = 'no xprop'), null) };
    const { controller } = setup({}, { fullScreen: source });
    const published: (string | null)[] = [];
    controller.onDidChangeFullScreenSupport((r) => published.push(r));
    expect(controller.fullScreenUnsupported()).toBeNull();
    await controller.setRunning(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(controller.current()).toEqual({ kind: 'full' });
    expect(published).toEqual(['no xprop']);
    expect(controller.fullScreenUnsupported()).toBe('no xprop');
  });

  test('without a source the owner is told full screen is not detected', () => {
    expect(setup().controller.fullScreenUnsupported()).toMatch(/not detected/);
  });

  test('a slow process listing does not hold up the pause on input', async () => {
    let reads = 0;
    // The first listing answers; every later one never does.
    const system = { read: async () => (reads++ === 0 ? { onBattery: false, otherCpuLoadPercent: 0, runningProcesses: new Set<string>() } : new Promise<never>(() => undefined)) };
    const { state, controller } = setup({ pauseForProcesses: ['game'] }, { system });
    await controller.setRunning(true);
    expect(controller.current()).toEqual({ kind: 'full' });
    await vi.waitFor(() => expect(reads).toBe(2));
    state.idle = 0.05;
    await vi.waitFor(() => expect(controller.current()).toEqual({ kind: 'paused', reason: 'in-use' }), { timeout: 1000 });
  });

  test('a dedicated rig does not ask for idle time', async () => {
    const { idleTime, controller } = setup({ dedicatedRig: true });
    await controller.setRunning(true);
    expect(controller.current()).toEqual({ kind: 'full' });
    expect(idleTime.idleSeconds).not.toHaveBeenCalled();
  });
});

describe('LinuxIdleTime (commands faked)', () => {
  test('uses xprintidle under X, then keeps using it', async () => {
    const run = vi.fn(async (command: string) => (command === 'xprintidle' ? '4500\n' : ''));
    const source = new LinuxIdleTime(run, { DISPLAY: ':0' });
    expect(await source.idleSeconds()).toBe(4.5);
    expect(await source.idleSeconds()).toBe(4.5);
    expect(run).toHaveBeenCalledTimes(2);
  });

  test('falls back to GNOME Mutter over D-Bus', async () => {
    const run = vi.fn(async (command: string) => {
      if (command === 'xprintidle') throw new Error('ENOENT');
      return '(uint64 12000,)\n';
    });
    expect(await new LinuxIdleTime(run, { DISPLAY: ':0', DBUS_SESSION_BUS_ADDRESS: 'unix:x' }).idleSeconds()).toBe(12);
  });

  test('with no session at all the answer is unknown, and it stops asking', async () => {
    const run = vi.fn(async () => '');
    const source = new LinuxIdleTime(run, {});
    expect(await source.idleSeconds()).toBeNull();
    expect(await source.idleSeconds()).toBeNull();
    expect(run).not.toHaveBeenCalled();
  });
});

describe('LinuxSystemSignals (files faked)', () => {
  const files: Record<string, string> = {
    '/sys/class/power_supply/AC/type': 'Mains\n',
    '/sys/class/power_supply/AC/online': '0\n',
    '/sys/class/power_supply/BAT0/type': 'Battery\n',
    '/proc/1/comm': 'systemd\n',
    '/proc/42/comm': 'Game.exe\n',
    '/proc/42/cmdline': 'C:\\Games\\Game.exe\0-windowed\0',
    // comm cut to 15 characters by the kernel; argv[0] has the whole name.
    '/proc/77/comm': 'StarshipSimulat\n',
    '/proc/77/cmdline': '/opt/starship/StarshipSimulator\0--fullscreen\0',
  };
  const dirs: Record<string, string[]> = { '/sys/class/power_supply': ['AC', 'BAT0'], '/proc': ['1', '42', '77', 'self', 'meminfo'] };
  const read = async (path: string) => {
    if (path in files) return files[path]!;
    throw new Error('ENOENT');
  };
  const list = async (dir: string) => dirs[dir] ?? [];

  test('reads the battery, the processes and the others’ CPU share', async () => {
    const samples = [
      { total: 1000, idle: 800, ours: 50 },
      { total: 2000, idle: 1300, ours: 250 },
    ];
    const signals = new LinuxSystemSignals(read, list, () => samples.shift()!);
    expect((await signals.read(true)).otherCpuLoadPercent).toBeNull();
    const second = await signals.read(true);
    expect(second).toEqual({ onBattery: true, otherCpuLoadPercent: 30, runningProcesses: new Set(['systemd', 'game', 'starshipsimulator']) });
  });

  test('mains online means not on battery; no power supplies at all (a desktop) means not on battery', async () => {
    files['/sys/class/power_supply/AC/online'] = '1\n';
    expect((await new LinuxSystemSignals(read, list).read(false)).onBattery).toBe(false);
    expect((await new LinuxSystemSignals(read, async (d) => (d === '/proc' ? [] : [])).read(false)).onBattery).toBe(false);
  });

  test('processes are listed only when asked', async () => {
    const listed: string[] = [];
    const signals = new LinuxSystemSignals(read, async (dir) => (listed.push(dir), dirs[dir] ?? []));
    expect((await signals.read(false)).runningProcesses).toBeNull();
    expect(listed).toEqual(['/sys/class/power_supply']);
  });
});
