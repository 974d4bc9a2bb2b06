import { describe, expect, test } from 'vitest';
import { ScheduleWindowSchema, type ScheduleWindow } from '../../src/common/api';
import {
  activeSnooze,
  describeWindow,
  draftOf,
  formatIdleMinutes,
  parseIdleMinutes,
  parseProcessName,
  parseTemperatureC,
  parseThrottlePercent,
  parseWindow,
} from './idle-rules';

describe('number fields', () => {
  test.for([
    ['2', { ok: true, value: 120 }],
    ['0', { ok: true, value: 0 }],
    ['1,5', { ok: true, value: 90 }],
    ['1440', { ok: true, value: 86_400 }],
    ['1441', { ok: false }],
    ['-1', { ok: false }],
    ['soon', { ok: false }],
    ['', { ok: false }],
  ] as const)('idle minutes %s', ([text, expected]) => {
    expect(parseIdleMinutes(text)).toMatchObject(expected);
  });

  test('stored seconds read back as the minutes typed', () => {
    expect(formatIdleMinutes(120)).toBe('2');
    expect(formatIdleMinutes(90)).toBe('1.5');
  });

  test.for([
    ['5', true],
    ['95', true],
    ['4', false],
    ['96', false],
    ['25.5', false],
  ] as const)('throttle %s', ([text, ok]) => {
    expect(parseThrottlePercent(text).ok).toBe(ok);
  });

  test.for([
    ['40', true],
    ['110', true],
    ['83.5', true],
    ['39', false],
    ['111', false],
  ] as const)('temperature %s', ([text, ok]) => {
    expect(parseTemperatureC(text).ok).toBe(ok);
  });
});

describe('schedule windows', () => {
  test('a parsed window is one the engine accepts, days sorted and unique', () => {
    const parsed = parseWindow({ days: [5, 1, 1], start: '22:00', end: '07:00' });
    expect(parsed).toEqual({ ok: true, value: { days: [1, 5], startMinute: 1320, endMinute: 420 } });
    if (parsed.ok) expect(ScheduleWindowSchema.safeParse(parsed.value).success).toBe(true);
  });

  test.for([
    [{ days: [], start: '09:00', end: '17:00' }, 'Choose at least one day.'],
    [{ days: [1], start: '09:00', end: '09:00' }, 'The start and end are the same time: the window would be empty.'],
    [{ days: [1], start: '', end: '17:00' }, 'Enter start and end times, for example 22:00 and 07:00.'],
    [{ days: [1], start: '24:00', end: '17:00' }, 'Enter start and end times, for example 22:00 and 07:00.'],
  ] as const)('refuses %j', ([draft, error]) => {
    expect(parseWindow({ ...draft, days: [...draft.days] })).toEqual({ ok: false, error });
  });

  test.for([
    [{ days: [1, 2, 3, 4, 5], startMinute: 1320, endMinute: 420 }, 'weekdays, 22:00–07:00 (next day)'],
    [{ days: [0, 6], startMinute: 480, endMinute: 1230 }, 'weekends, 08:00–20:30'],
    [{ days: [0, 1, 2, 3, 4, 5, 6], startMinute: 0, endMinute: 1440 }, 'every day, all day'],
    [{ days: [1, 2, 3, 5], startMinute: 1080, endMinute: 0 }, 'Mon–Wed, Fri, 18:00–00:00 (next day)'],
  ] as [ScheduleWindow, string][])('describes %j', ([window, words]) => {
    expect(describeWindow(window)).toBe(words);
  });

  test('a window read from the engine edits and saves back unchanged, midnight included', () => {
    const window = { days: [2], startMinute: 1080, endMinute: 1440 };
    const round = parseWindow(draftOf(window));
    // 1440 and 0 are both midnight to the policy: a window from 18:00 to either ends at midnight.
    expect(round).toEqual({ ok: true, value: { days: [2], startMinute: 1080, endMinute: 0 } });
    const allDay = { days: [3], startMinute: 0, endMinute: 1440 };
    expect(parseWindow(draftOf(allDay))).toEqual({ ok: true, value: allDay });
  });
});

test('program names: trimmed, duplicates refused whatever their case', () => {
  expect(parseProcessName('  steam ', [])).toEqual({ ok: true, value: 'steam' });
  expect(parseProcessName('STEAM', ['steam'])).toMatchObject({ ok: false });
  expect(parseProcessName('   ', [])).toMatchObject({ ok: false });
  expect(parseProcessName('x'.repeat(129), [])).toMatchObject({ ok: false });
});

test('a snooze in the past is no snooze', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  expect(activeSnooze({ snoozeUntil: null }, now)).toBeNull();
  expect(activeSnooze({ snoozeUntil: '2026-01-01T11:59:00Z' }, now)).toBeNull();
  expect(activeSnooze({ snoozeUntil: '2026-01-01T12:30:00Z' }, now)?.toISOString()).toBe('2026-01-01T12:30:00.000Z');
});
