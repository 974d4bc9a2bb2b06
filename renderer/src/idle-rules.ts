import type { ScheduleWindow, Settings } from '../../src/common/api';

/**
 * What the settings form accepts, checked before anything is sent, so the owner reads why a value
 * is refused next to the field instead of a schema error from the engine. The bounds are the
 * ones SettingsSchema enforces (src/common/api.ts).
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX_IDLE_MINUTES = 1440;

function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** Minutes as typed → whole seconds, the unit the engine stores. */
export function parseIdleMinutes(text: string): Parsed<number> {
  const minutes = parseNumber(text);
  if (minutes === null) return { ok: false, error: 'Enter a number of minutes, for example 2.' };
  if (minutes > MAX_IDLE_MINUTES) return { ok: false, error: `At most ${MAX_IDLE_MINUTES} minutes (one day).` };
  return { ok: true, value: Math.round(minutes * 60) };
}

export function formatIdleMinutes(seconds: number): string {
  return String(Number((seconds / 60).toFixed(2)));
}

export function parseThrottlePercent(text: string): Parsed<number> {
  const percent = parseNumber(text);
  if (percent === null || !Number.isInteger(percent)) return { ok: false, error: 'Enter a whole percentage, for example 25.' };
  if (percent < 5 || percent > 95) return { ok: false, error: 'Choose between 5 % and 95 %.' };
  return { ok: true, value: percent };
}

export function parseTemperatureC(text: string): Parsed<number> {
  const celsius = parseNumber(text);
  if (celsius === null) return { ok: false, error: 'Enter a temperature in °C, for example 83.' };
  if (celsius < 40 || celsius > 110) return { ok: false, error: 'Choose between 40 °C and 110 °C.' };
  return { ok: true, value: celsius };
}

export const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const shortDays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** "HH:MM" for a minute of the day; 1440 (the end of the day) reads as midnight. */
export function timeOfMinute(minute: number): string {
  const m = minute % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function minuteOfTime(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

/** A window as the editor holds it: times as typed, so a half-typed value is never lost. */
export interface WindowDraft {
  days: number[];
  start: string;
  end: string;
}

export function draftOf(window: ScheduleWindow): WindowDraft {
  return { days: [...window.days], start: timeOfMinute(window.startMinute), end: timeOfMinute(window.endMinute) };
}

/**
 * An end at or before the start means the window runs past midnight (22:00–07:00), which the
 * engine's policy reads as belonging to the day it starts on; an end of 00:00 is midnight.
 */
export function parseWindow(draft: WindowDraft): Parsed<ScheduleWindow> {
  if (draft.days.length === 0) return { ok: false, error: 'Choose at least one day.' };
  const startMinute = minuteOfTime(draft.start);
  const endMinute = minuteOfTime(draft.end);
  if (startMinute === null || endMinute === null) return { ok: false, error: 'Enter start and end times, for example 22:00 and 07:00.' };
  // 00:00 until 00:00 is how a whole day reads in a time field (the engine stores it as 0–1440).
  if (startMinute === 0 && endMinute === 0) return { ok: true, value: { days: [...new Set(draft.days)].sort((a, b) => a - b), startMinute, endMinute: 1440 } };
  if (startMinute === endMinute) return { ok: false, error: 'The start and end are the same time: the window would be empty.' };
  return { ok: true, value: { days: [...new Set(draft.days)].sort((a, b) => a - b), startMinute, endMinute } };
}

/** "Mon–Fri", "Sat, Sun", "Every day": the shortest honest way to name a set of days. */
export function describeDays(days: number[]): string {
  const set = [...new Set(days)].sort((a, b) => a - b);
  if (set.length === 7) return 'every day';
  const key = set.join(',');
  if (key === '1,2,3,4,5') return 'weekdays';
  if (key === '0,6') return 'weekends';
  const runs: number[][] = [];
  for (const day of set) {
    const last = runs.at(-1);
    if (last && last.at(-1) === day - 1) last.push(day);
    else runs.push([day]);
  }
  return runs.map((run) => (run.length >= 3 ? `${shortDays[run[0]!]}–${shortDays[run.at(-1)!]}` : run.map((d) => shortDays[d]).join(', '))).join(', ');
}

export function describeWindow(window: ScheduleWindow): string {
  if (window.startMinute === 0 && window.endMinute === 1440) return `${describeDays(window.days)}, all day`;
  const overnight = window.endMinute % 1440 <= window.startMinute && window.endMinute !== 1440;
  return `${describeDays(window.days)}, ${timeOfMinute(window.startMinute)}–${timeOfMinute(window.endMinute)}${overnight ? ' (next day)' : ''}`;
}

/** Process names are matched case-insensitively by the engine, so duplicates are refused that way. */
export function parseProcessName(text: string, existing: string[]): Parsed<string> {
  const name = text.trim();
  if (!name) return { ok: false, error: 'Enter a program name, for example steam or blender.' };
  if (name.length > 128) return { ok: false, error: 'At most 128 characters.' };
  if (existing.some((p) => p.toLowerCase() === name.toLowerCase())) return { ok: false, error: `${name} is already on the list.` };
  if (existing.length >= 256) return { ok: false, error: 'The list is full (256 programs).' };
  return { ok: true, value: name };
}

/** The snooze in force at `now`, or null when there is none or it has run out. */
export function activeSnooze(settings: Pick<Settings, 'snoozeUntil'>, now: number): Date | null {
  if (!settings.snoozeUntil) return null;
  const until = new Date(settings.snoozeUntil);
  return until.getTime() > now ? until : null;
}
