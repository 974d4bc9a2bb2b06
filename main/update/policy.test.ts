import { describe, expect, test } from 'vitest';
import { CHECK_INTERVAL_MS, RETRY_AFTER_FAILURE_MS, nextCheckIn, restartDecision, shouldTake } from './policy';

const t0 = Date.UTC(2026, 10, 25, 12);

describe('nextCheckIn', () => {
  test.for([
    ['first start: check now', { state: 'idle', lastCheckedAt: null }, t0, 0],
    ['an hour after a check: five to go', { state: 'idle', lastCheckedAt: t0 }, t0 + 3600_000, CHECK_INTERVAL_MS - 3600_000],
    ['overdue after sleep: now', { state: 'idle', lastCheckedAt: t0 }, t0 + 2 * CHECK_INTERVAL_MS, 0],
    ['failed: retry after the back-off', { state: 'failed', message: 'offline', failedAt: t0 }, t0, RETRY_AFTER_FAILURE_MS],
    ['checking: nothing to schedule', { state: 'checking' }, t0, null],
    ['downloading: nothing to schedule', { state: 'downloading', version: '1.1.0', percent: 40 }, t0, null],
    ['ready: nothing to schedule', { state: 'ready', version: '1.1.0' }, t0, null],
  ] as const)('%s', ([, status, now, expected]) => {
    expect(nextCheckIn(status, now)).toBe(expected);
  });
});

describe('shouldTake', () => {
  test.for([
    ['1.0.0', '1.0.1', 'stable', true],
    ['1.0.0', '1.0.0', 'stable', false],
    ['1.2.0', '1.1.9', 'stable', false],
    ['1.0.0', '1.1.0-beta.1', 'stable', false],
    ['1.0.0', '1.1.0-beta.1', 'beta', true],
    ['1.1.0-beta.1', '1.1.0-beta.2', 'beta', true],
    ['1.1.0-beta.2', '1.1.0', 'beta', true],
    ['1.1.0-beta.2', '1.0.9', 'beta', false],
    ['1.0.0', 'not-a-version', 'beta', false],
  ] as const)('running %s, offered %s on %s → %s', ([current, offered, channel, expected]) => {
    expect(shouldTake(current, offered, channel)).toBe(expected);
  });
});

describe('restartDecision', () => {
  test('nothing ready: wait', () => {
    expect(restartDecision({ ready: false, taskRunning: false, ownerConsented: true }).action).toBe('wait');
  });
  test('ready and no task running: restart', () => {
    expect(restartDecision({ ready: true, taskRunning: false, ownerConsented: false })).toEqual({ action: 'restart' });
  });
  test('ready mid-task without consent: ask, and say what is at stake', () => {
    const decision = restartDecision({ ready: true, taskRunning: true, ownerConsented: false });
    expect(decision.action).toBe('ask');
    expect(decision.action === 'ask' && decision.reason).toContain('A task is running');
  });
  test('ready mid-task with consent: restart', () => {
    expect(restartDecision({ ready: true, taskRunning: true, ownerConsented: true })).toEqual({ action: 'restart' });
  });
});
