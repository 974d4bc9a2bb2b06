import type { MiningMode, PauseReason } from './api';

/** What each pause reason means to the owner, in the words the tray and the UI both show. */
export const pauseReasonWords: Record<PauseReason, string> = {
  stopped: 'Stopped',
  'in-use': 'Waiting for you to step away',
  'idle-unknown': 'Waiting: this system cannot tell when it is idle (mark it a dedicated rig in Settings)',
  'on-battery': 'Paused on battery power',
  'too-hot': 'Paused: the GPU is too hot',
  'busy-gpu': 'Paused: another program is using the GPU',
  'busy-cpu': 'Paused: another program is using the processor',
  'listed-process': 'Paused while a listed program runs',
  'full-screen': 'Paused while a program runs full screen',
  'outside-schedule': 'Paused outside your mining schedule',
  snoozed: 'Snoozed',
  'no-device': 'Paused: no GPU is enabled and CPU mode is off',
};

/** The broad state the tray icon shows: working, waiting for the owner to leave, or held back. */
export type Activity = 'mining' | 'waiting' | 'paused';

export function activityOf(running: boolean, mode: MiningMode): Activity {
  if (!running) return 'paused';
  if (mode.kind !== 'paused') return 'mining';
  return mode.reason === 'in-use' || mode.reason === 'idle-unknown' ? 'waiting' : 'paused';
}

export function describeMode(running: boolean, mode: MiningMode): string {
  // Not running normally means stopped by the owner, but a start the engine could not carry out
  // (no usable device) keeps its reason, which is what the owner needs to see.
  if (!running) return mode.kind === 'paused' ? pauseReasonWords[mode.reason] : pauseReasonWords.stopped;
  switch (mode.kind) {
    case 'full':
      return 'Mining';
    case 'throttled':
      return `Mining gently (${Math.round(mode.dutyPercent)} %) while you use this computer`;
    case 'paused':
      return pauseReasonWords[mode.reason];
  }
}
