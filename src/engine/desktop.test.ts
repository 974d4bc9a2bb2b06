import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AppState, RestartDecision, Settings, UpdateStatus } from '../common/api';
import { Emitter } from '../common/lifecycle';
import type { DesktopIntegration } from './desktop';
import { Engine } from './engine';
import { SimulatedHardwareProbe } from './gpu/simulated-probe';
import { SettingsStore } from './store/settings-store';

/** Electron's updater and login items cannot run here: this stands in for main/'s implementation. */
class FakeDesktop implements DesktopIntegration {
  readonly changes = new Emitter<UpdateStatus>();
  readonly onDidChangeUpdate = this.changes.event;
  updateStatus: UpdateStatus = { state: 'idle', lastCheckedAt: null };
  applied: Settings[] = [];
  restarts: { taskRunning: boolean; ownerConsented: boolean }[] = [];

  restartToUpdate(input: { taskRunning: boolean; ownerConsented: boolean }): RestartDecision {
    this.restarts.push(input);
    return input.ownerConsented ? { action: 'restart' } : { action: 'ask', reason: 'A task is running' };
  }

  async applySettings(settings: Settings) {
    this.applied.push(settings);
  }
}

async function engine(desktop?: DesktopIntegration) {
  const { store } = await SettingsStore.open(mkdtempSync(join(tmpdir(), 'plexai-desktop-')));
  const probe = new SimulatedHardwareProbe({ controllers: [], tools: {} });
  const instance = new Engine({ appVersion: '1.0.0', transport: desktop ? 'electron' : 'headless' }, { probe, settings: store, ...(desktop ? { desktop } : {}) });
  const states: AppState[] = [];
  instance.onDidChangeState((s) => states.push(s));
  return { instance, states };
}

describe('engine with the desktop integration (faked: Electron is absent here)', () => {
  test('the update status is part of the state and each change is announced', async () => {
    const desktop = new FakeDesktop();
    const { instance, states } = await engine(desktop);
    expect(instance.state().update).toEqual({ state: 'idle', lastCheckedAt: null });
    desktop.updateStatus = { state: 'ready', version: '1.1.0' };
    desktop.changes.fire(desktop.updateStatus);
    expect(states.at(-1)!.update).toEqual({ state: 'ready', version: '1.1.0' });
    instance.dispose();
  });

  test('restartToUpdate passes whether a task runs and the owner\u2019s consent to the policy', async () => {
    const desktop = new FakeDesktop();
    const { instance } = await engine(desktop);
    expect(await instance.api.restartToUpdate({ consent: false })).toEqual({ action: 'ask', reason: 'A task is running' });
    expect(await instance.api.restartToUpdate({ consent: true })).toEqual({ action: 'restart' });
    expect(desktop.restarts).toEqual([
      { taskRunning: false, ownerConsented: false },
      { taskRunning: false, ownerConsented: true },
    ]);
    instance.dispose();
  });

  test('start at login and the update channel reach the OS side when changed, other settings do not', async () => {
    const desktop = new FakeDesktop();
    const { instance } = await engine(desktop);
    await instance.api.updateSettings({ startAtLogin: true });
    await instance.api.updateSettings({ updateChannel: 'beta' });
    await instance.api.updateSettings({ cpuMode: true });
    expect(desktop.applied.map((s) => [s.startAtLogin, s.updateChannel])).toEqual([
      [true, 'stable'],
      [true, 'beta'],
    ]);
    instance.dispose();
  });
});

describe('headless engine (no desktop integration)', () => {
  test('reports no self-update and refuses what only the desktop app can do, with a reason', async () => {
    const { instance } = await engine();
    expect(instance.state().update).toBeNull();
    await expect(instance.api.restartToUpdate({ consent: true })).rejects.toMatchObject({ errorName: 'NOT_SUPPORTED' });
    await expect(instance.api.updateSettings({ startAtLogin: true })).rejects.toMatchObject({
      errorName: 'NOT_SUPPORTED',
      message: expect.stringContaining('service manager'),
    });
    expect((await instance.api.updateSettings({ updateChannel: 'beta' })).updateChannel).toBe('beta');
    instance.dispose();
  });
});
