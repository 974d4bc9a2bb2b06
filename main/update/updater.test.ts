import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { UpdateStatus } from './policy';
import { CHECK_INTERVAL_MS, RETRY_AFTER_FAILURE_MS } from './policy';
import { Updater } from './updater';

/**
 * Stands in for electron-updater's autoUpdater, which runs only inside a packaged Electron app
 * (updater-github.test.ts drives a real one against a local GitHub). Like the real one, setting
 * the channel turns allowDowngrade on.
 */
class FakeElectronAutoUpdater extends EventEmitter {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  allowPrerelease = false;
  allowDowngrade = false;
  private currentChannel: string | null = null;
  checks = 0;
  downloads = 0;
  installs = 0;
  failNextCheck: Error | null = null;

  get channel(): string | null {
    return this.currentChannel;
  }
  set channel(value: string | null) {
    this.currentChannel = value;
    this.allowDowngrade = true;
  }
  async checkForUpdates() {
    this.checks++;
    const error = this.failNextCheck;
    this.failNextCheck = null;
    if (error) throw error;
    return null;
  }
  async downloadUpdate() {
    this.downloads++;
    return [];
  }
  quitAndInstall() {
    this.installs++;
  }
}

const t0 = Date.UTC(2026, 10, 25, 12);
let source: FakeElectronAutoUpdater;
let updater: Updater;
let seen: UpdateStatus[];

function start(channel: 'stable' | 'beta' = 'stable') {
  updater = new Updater({ currentVersion: '1.4.0', channel }, source);
  updater.onDidChange((status) => seen.push(status));
  updater.start();
}

beforeEach(() => {
  vi.useFakeTimers({ now: t0 });
  source = new FakeElectronAutoUpdater();
  seen = [];
});

afterEach(() => {
  updater.dispose();
  vi.useRealTimers();
});

describe('Updater', () => {
  test.for([
    ['stable', 'latest', false],
    ['beta', 'beta', true],
  ] as const)('on %s it reads the %s feed, prereleases %s, never an older build, and downloads only when told', ([channel, feed, prerelease]) => {
    start(channel);
    expect(source.channel).toBe(feed);
    expect(source.allowPrerelease).toBe(prerelease);
    expect(source.allowDowngrade).toBe(false);
    expect(source.autoDownload).toBe(false);
    expect(source.autoInstallOnAppQuit).toBe(true);
  });

  test('checks at start, then six hours after the last check', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    expect(source.checks).toBe(1);
    source.emit('checking-for-update');
    source.emit('update-not-available', { version: '1.4.0' });
    expect(updater.status).toEqual({ state: 'idle', lastCheckedAt: t0 });

    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS - 1);
    expect(source.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(source.checks).toBe(2);
  });

  test('a newer build downloads in the background, reports its progress, and is then ready', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    source.emit('checking-for-update');
    source.emit('update-available', { version: '1.5.0' });
    expect(source.downloads).toBe(1);
    source.emit('download-progress', { percent: 41.6 });
    source.emit('update-downloaded', { version: '1.5.0' });
    expect(seen).toEqual([
      { state: 'checking' },
      { state: 'downloading', version: '1.5.0', percent: 0 },
      { state: 'downloading', version: '1.5.0', percent: 42 },
      { state: 'ready', version: '1.5.0' },
    ]);
    // A ready update is not checked for again.
    await vi.advanceTimersByTimeAsync(2 * CHECK_INTERVAL_MS);
    expect(source.checks).toBe(1);
  });

  test('a ready update restarts at once when no task runs; mid-task only with consent', async () => {
    start();
    source.emit('update-downloaded', { version: '1.5.0' });
    expect(updater.restart({ taskRunning: true, ownerConsented: false }).action).toBe('ask');
    await vi.runAllTimersAsync();
    expect(source.installs).toBe(0);
    expect(updater.restart({ taskRunning: true, ownerConsented: true })).toEqual({ action: 'restart' });
    await vi.runAllTimersAsync();
    expect(source.installs).toBe(1);
    expect(updater.restart({ taskRunning: false, ownerConsented: false })).toEqual({ action: 'restart' });
  });

  test('with nothing downloaded, restart waits and installs nothing', async () => {
    start();
    expect(updater.restart({ taskRunning: false, ownerConsented: true }).action).toBe('wait');
    await vi.advanceTimersByTimeAsync(0);
    expect(source.installs).toBe(0);
  });

  test('on stable a beta build is not downloaded; the next check is six hours later', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    source.emit('update-available', { version: '1.5.0-beta.2' });
    expect(source.downloads).toBe(0);
    expect(updater.status).toEqual({ state: 'idle', lastCheckedAt: t0 });
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(source.checks).toBe(2);
  });

  test('a failed check says why in one line and is retried after the back-off', async () => {
    source.failNextCheck = new Error('net::ERR_INTERNET_DISCONNECTED\n    at ClientRequest…');
    start();
    await vi.advanceTimersByTimeAsync(0);
    expect(updater.status).toEqual({ state: 'failed', message: 'net::ERR_INTERNET_DISCONNECTED', failedAt: t0 });
    await vi.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS - 1);
    expect(source.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(source.checks).toBe(2);
  });

  test('a failed download is reported, not left downloading', async () => {
    start();
    source.downloadUpdate = async () => {
      throw new Error('sha512 checksum mismatch');
    };
    source.emit('update-available', { version: '1.5.0' });
    await vi.advanceTimersByTimeAsync(0);
    expect(updater.status).toMatchObject({ state: 'failed', message: 'sha512 checksum mismatch' });
  });

  test('moving to beta reads the beta feed and checks again at once, still never downgrading', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    source.emit('update-not-available', { version: '1.4.0' });
    updater.setChannel('beta');
    expect([source.channel, source.allowPrerelease, source.allowDowngrade]).toEqual(['beta', true, false]);
    await vi.advanceTimersByTimeAsync(0);
    expect(source.checks).toBe(2);
    source.emit('update-available', { version: '1.5.0-beta.2' });
    expect(updater.status).toEqual({ state: 'downloading', version: '1.5.0-beta.2', percent: 0 });
  });

  test('once disposed it neither listens nor checks', async () => {
    start();
    updater.dispose();
    expect(source.eventNames()).toEqual([]);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(source.checks).toBe(0);
  });
});
