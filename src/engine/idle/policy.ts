import type { MiningMode, PauseReason, Settings } from '../../common/api';

/** One reading of everything that decides whether the GPU may work; null means "cannot tell". */
export interface IdleSignals {
  /** Seconds since the last keyboard or mouse input. */
  idleSeconds: number | null;
  onBattery: boolean | null;
  /** The hottest enabled GPU. */
  gpuTemperatureC: number | null;
  /** GPU utilisation by other processes, our own work subtracted. */
  otherGpuLoadPercent: number | null;
  /** CPU utilisation by other processes, our own work subtracted. */
  otherCpuLoadPercent: number | null;
  /** A process from the owner's list (a game) is running. */
  listedProcessRunning: boolean;
  /** A program fills the screen in front of the owner (false where that cannot be told). */
  fullScreenRunning: boolean;
  /** Local time, for the weekly schedule: day 0 = Sunday, minute from midnight. */
  localDay: number;
  localMinute: number;
  nowMs: number;
}

export type PolicySettings = Pick<
  Settings,
  | 'startAfterIdleSeconds'
  | 'whileInUse'
  | 'throttlePercent'
  | 'pauseOnBattery'
  | 'pauseAboveTemperatureC'
  | 'schedule'
  | 'dedicatedRig'
  | 'snoozeUntil'
  | 'pauseForFullScreen'
  | 'pauseForOtherLoad'
>;

/** A paused GPU must cool this far below the limit before work resumes, so it does not flap. */
export const TEMPERATURE_HYSTERESIS_C = 5;
/** Other processes' load pauses above the first figure and lets work resume below the second. */
export const OTHER_LOAD_PAUSE_PERCENT = 50;
export const OTHER_LOAD_RESUME_PERCENT = 30;

function insideSchedule(settings: PolicySettings, day: number, minute: number): boolean {
  if (settings.schedule.length === 0) return true;
  return settings.schedule.some((w) => {
    if (w.startMinute < w.endMinute) return w.days.includes(day) && minute >= w.startMinute && minute < w.endMinute;
    // A window that crosses midnight belongs to the day it starts on.
    const yesterday = (day + 6) % 7;
    return (w.days.includes(day) && minute >= w.startMinute) || (w.days.includes(yesterday) && minute < w.endMinute);
  });
}

const pausedFor = (previous: MiningMode, reason: PauseReason) => previous.kind === 'paused' && previous.reason === reason;

/** A load signal with a band: once paused for it, it must fall below the resume level. */
function overLoad(load: number | null, wasPaused: boolean): boolean {
  if (load === null) return false;
  return wasPaused ? load >= OTHER_LOAD_RESUME_PERCENT : load > OTHER_LOAD_PAUSE_PERCENT;
}

/**
 * Decides how the GPU may work now. Pure: the previous mode carries the hysteresis, so a signal
 * hovering at a limit does not start and stop work on every reading.
 */
export function decideMode(running: boolean, signals: IdleSignals, settings: PolicySettings, previous: MiningMode): MiningMode {
  const pause = (reason: PauseReason): MiningMode => ({ kind: 'paused', reason });
  if (!running) return pause('stopped');
  if (settings.snoozeUntil !== null && Date.parse(settings.snoozeUntil) > signals.nowMs) return pause('snoozed');
  if (!insideSchedule(settings, signals.localDay, signals.localMinute)) return pause('outside-schedule');
  if (settings.pauseOnBattery && signals.onBattery === true) return pause('on-battery');
  if (signals.gpuTemperatureC !== null) {
    const wasHot = pausedFor(previous, 'too-hot');
    const limit = settings.pauseAboveTemperatureC - (wasHot ? TEMPERATURE_HYSTERESIS_C : 0);
    if (signals.gpuTemperatureC > limit) return pause('too-hot');
  }
  if (signals.listedProcessRunning) return pause('listed-process');
  if (settings.pauseForFullScreen && signals.fullScreenRunning) return pause('full-screen');
  // Whether the owner is here is decided before other programs' load: it is the steadier reason
  // and, when it pauses, the one that holds. Load that comes and goes on a busy machine would
  // otherwise take turns with it in the status, and hide an "idle time unknown" the owner can fix.
  let inUse = false;
  if (!settings.dedicatedRig) {
    if (signals.idleSeconds === null) return pause('idle-unknown');
    // Idle time only falls on input, so full mode ends at the first input after it began, and
    // starts again only after a whole idle period: the two thresholds are the hysteresis.
    inUse = signals.idleSeconds < settings.startAfterIdleSeconds;
    if (inUse && settings.whileInUse === 'pause') return pause('in-use');
  }
  if (settings.pauseForOtherLoad) {
    if (overLoad(signals.otherGpuLoadPercent, pausedFor(previous, 'busy-gpu'))) return pause('busy-gpu');
    if (overLoad(signals.otherCpuLoadPercent, pausedFor(previous, 'busy-cpu'))) return pause('busy-cpu');
  }
  return inUse ? { kind: 'throttled', dutyPercent: settings.throttlePercent } : { kind: 'full' };
}
