import type { MiningState } from '../../src/common/api';
import { activityOf, describeMode } from '../../src/common/mining-status';
import type { TrayStateName } from './palette';
import type { UpdateStatus } from '../update/policy';

export type TrayCommand = 'open' | 'start' | 'stop' | 'snooze-1h' | 'cancel-snooze' | 'restart-to-update' | 'quit';

export type TrayMenuItem = { label: string; command: TrayCommand } | { separator: true } | { label: string; disabled: true };

export interface TrayView {
  icon: TrayStateName;
  tooltip: string;
  menu: TrayMenuItem[];
}

/**
 * The tray image for a state. macOS shows template images (monochrome, tinted by the menu bar;
 * the name must end in Template), each state its own shape; elsewhere each state its own colour.
 */
export function trayIconFile(state: TrayStateName, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? `tray-${state}Template.png` : `tray-${state}.png`;
}

function clock(instant: Date, locale?: string): string {
  return instant.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/**
 * What the tray shows for a state: the icon, a tooltip naming the state and its reason, and a
 * menu whose items fit it (Pause when running, Resume when stopped, the snooze's end when snoozed).
 */
export function trayView(input: {
  mining: MiningState;
  snoozeUntil: string | null;
  update: UpdateStatus;
  now: Date;
  locale?: string;
}): TrayView {
  const { mining, now } = input;
  const status = describeMode(mining.running, mining.mode);
  const snoozedUntil = input.snoozeUntil && new Date(input.snoozeUntil) > now ? new Date(input.snoozeUntil) : null;
  const statusLine = snoozedUntil ? `Snoozed until ${clock(snoozedUntil, input.locale)}` : status;

  const menu: TrayMenuItem[] = [
    { label: statusLine, disabled: true },
    { separator: true },
    { label: 'Open PlexAi Miner', command: 'open' },
    mining.running ? { label: 'Pause mining', command: 'stop' } : { label: 'Resume mining', command: 'start' },
    snoozedUntil ? { label: 'Cancel snooze', command: 'cancel-snooze' } : { label: 'Snooze for 1 hour', command: 'snooze-1h' },
  ];
  if (input.update.state === 'ready') {
    menu.push({ separator: true }, { label: `Restart to update to ${input.update.version}`, command: 'restart-to-update' });
  }
  menu.push({ separator: true }, { label: 'Quit PlexAi Miner', command: 'quit' });

  return {
    icon: snoozedUntil ? 'paused' : activityOf(mining.running, mining.mode),
    tooltip: `PlexAi Miner: ${statusLine}`,
    menu,
  };
}
