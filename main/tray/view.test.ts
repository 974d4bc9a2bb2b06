import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { initialMiningState, type MiningState } from '../../src/common/api';
import { TRAY_STATES } from './palette';
import { trayIconFile, trayView, type TrayMenuItem } from './view';

const now = new Date('2026-11-25T14:00:00Z');
const idle = { state: 'idle', lastCheckedAt: null } as const;
const running = (mode: MiningState['mode']): MiningState => ({ ...initialMiningState, running: true, mode });
const commands = (menu: TrayMenuItem[]) => menu.flatMap((item) => ('command' in item ? [item.command] : []));

describe('trayView', () => {
  test.for([
    ['full speed', running({ kind: 'full' }), 'mining', 'Mining'],
    ['throttled while in use', running({ kind: 'throttled', dutyPercent: 25 }), 'mining', 'Mining gently (25 %) while you use this computer'],
    ['waiting for idle', running({ kind: 'paused', reason: 'in-use' }), 'waiting', 'Waiting for you to step away'],
    ['on battery', running({ kind: 'paused', reason: 'on-battery' }), 'paused', 'Paused on battery power'],
    ['too hot', running({ kind: 'paused', reason: 'too-hot' }), 'paused', 'Paused: the GPU is too hot'],
    ['outside schedule', running({ kind: 'paused', reason: 'outside-schedule' }), 'paused', 'Paused outside your mining schedule'],
    ['stopped by the owner', initialMiningState, 'paused', 'Stopped'],
    ['could not start: no device', { ...initialMiningState, mode: { kind: 'paused', reason: 'no-device' } }, 'paused', 'Paused: no GPU is enabled and CPU mode is off'],
  ] as const)('%s → %s icon, tooltip says so', ([, mining, icon, words]) => {
    const view = trayView({ mining, snoozeUntil: null, update: idle, now });
    expect(view.icon).toBe(icon);
    expect(view.tooltip).toBe(`PlexAi Miner: ${words}`);
    expect(view.menu[0]).toEqual({ label: words, disabled: true });
  });

  test('running offers Pause; stopped offers Resume; both offer open, snooze and quit', () => {
    expect(commands(trayView({ mining: running({ kind: 'full' }), snoozeUntil: null, update: idle, now }).menu)).toEqual([
      'open',
      'stop',
      'snooze-1h',
      'quit',
    ]);
    expect(commands(trayView({ mining: initialMiningState, snoozeUntil: null, update: idle, now }).menu)).toEqual([
      'open',
      'start',
      'snooze-1h',
      'quit',
    ]);
  });

  test('snoozed: paused icon, the snooze end in the menu, and a way to cancel it', () => {
    const view = trayView({
      mining: running({ kind: 'paused', reason: 'snoozed' }),
      snoozeUntil: '2026-11-25T15:00:00Z',
      update: idle,
      now,
      locale: 'en-GB',
    });
    expect(view.icon).toBe('paused');
    expect(view.menu[0]).toEqual({ label: `Snoozed until ${new Date('2026-11-25T15:00:00Z').toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`, disabled: true });
    expect(commands(view.menu)).toContain('cancel-snooze');
    expect(commands(view.menu)).not.toContain('snooze-1h');
  });

  test('a snooze that has ended no longer shows', () => {
    const view = trayView({ mining: running({ kind: 'full' }), snoozeUntil: '2026-11-25T13:00:00Z', update: idle, now });
    expect(view.icon).toBe('mining');
    expect(commands(view.menu)).toContain('snooze-1h');
  });

  test('a downloaded update adds "Restart to update" with its version', () => {
    const view = trayView({ mining: running({ kind: 'full' }), snoozeUntil: null, update: { state: 'ready', version: '1.4.0' }, now });
    expect(view.menu).toContainEqual({ label: 'Restart to update to 1.4.0', command: 'restart-to-update' });
  });
});

describe('trayIconFile', () => {
  const icons = join(import.meta.dirname, '..', '..', 'resources', 'icons');

  test('macOS gets a template image per state, each drawn differently, so the menu bar shows the state', () => {
    expect(TRAY_STATES.map((state) => trayIconFile(state, 'darwin'))).toEqual([
      'tray-miningTemplate.png',
      'tray-waitingTemplate.png',
      'tray-pausedTemplate.png',
    ]);
    for (const scale of ['', '@2x']) {
      const images = TRAY_STATES.map((state) => readFileSync(join(icons, trayIconFile(state, 'darwin').replace('.png', `${scale}.png`))));
      expect(new Set(images.map((image) => image.toString('base64'))).size).toBe(TRAY_STATES.length);
    }
  });

  test.for(['win32', 'linux'] as const)('%s gets the coloured image per state', (platform) => {
    for (const state of TRAY_STATES) {
      expect(trayIconFile(state, platform)).toBe(`tray-${state}.png`);
      expect(readFileSync(join(icons, trayIconFile(state, platform))).length).toBeGreaterThan(0);
    }
  });
});
