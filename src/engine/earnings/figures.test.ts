import { describe, expect, test } from 'vitest';
import type { Earnings, NetworkStats } from '../../common/protocol';
import { claimableOf, networkFigures, nextRefreshDelay, recentDays, recentEpochs } from './figures';

describe('claimableOf', () => {
  test.for([
    { cumulative: 0n, claimed: 0n, claimable: 0n },
    { cumulative: 10n ** 18n, claimed: 0n, claimable: 10n ** 18n },
    { cumulative: 5n * 10n ** 18n, claimed: 2n * 10n ** 18n + 1n, claimable: 3n * 10n ** 18n - 1n },
    { cumulative: 7n, claimed: 7n, claimable: 0n },
    // The chain ran ahead of a stale proof: nothing, never negative.
    { cumulative: 7n, claimed: 9n, claimable: 0n },
  ])('$cumulative − $claimed = $claimable', ({ cumulative, claimed, claimable }) => {
    expect(claimableOf(cumulative, claimed)).toBe(claimable);
  });
});

describe('network figures', () => {
  const now = 10 * 86_400_000;
  const stats: NetworkStats = {
    activeNodes: 6,
    tasks24h: 1200,
    tasksPrevious24h: 1000,
    tasksChangePercent: 20,
    computeGflops: 30,
    activeNodesChangePercent: 50,
    computeGflopsChangePercent: -25,
    comparedToSampleAt: now - 86_400_000,
    epoch: { current: 3, endsAt: now + 1000 },
  };

  test("carry the coordinator's changes: nodes and compute against its sample a day before, tasks against the previous 24 h", () => {
    const figures = networkFigures(stats);
    expect(figures.activeNodes).toEqual({ value: 6, changePercent: 50, comparedTo: '24h-ago' });
    expect(figures.computeGflops).toEqual({ value: 30, changePercent: -25, comparedTo: '24h-ago' });
    expect(figures.tasks24h).toEqual({ value: 1200, changePercent: 20, comparedTo: 'previous-24h' });
    expect(figures.epoch).toEqual(stats.epoch);
  });

  test('without a sample a day old or a previous day there is no change, not a zero', () => {
    const figures = networkFigures({ ...stats, tasksPrevious24h: 0, tasksChangePercent: null, activeNodesChangePercent: null, computeGflopsChangePercent: null, comparedToSampleAt: null });
    expect(figures.activeNodes).toEqual({ value: 6, changePercent: null, comparedTo: null });
    expect(figures.computeGflops).toEqual({ value: 30, changePercent: null, comparedTo: null });
    expect(figures.tasks24h).toEqual({ value: 1200, changePercent: null, comparedTo: null });
  });

  test('a sample a day old with no compute then (0 GFLOP/s) gives no change for compute, and still one for nodes', () => {
    const figures = networkFigures({ ...stats, computeGflopsChangePercent: null });
    expect(figures.computeGflops).toEqual({ value: 30, changePercent: null, comparedTo: null });
    expect(figures.activeNodes.changePercent).toBe(50);
  });
});

test('recent epochs are newest first and capped', () => {
  const epoch = (n: number) => ({
    epoch: n,
    startedAt: n * 10,
    endedAt: n * 10 + 10,
    amount: String(n * 1000),
    credits: n,
    tasks: n,
    rejected: 0,
    uptimePercent: 100.0000001,
    explanation: `${n} tasks`,
  });
  const earnings: Earnings = { account: `0x${'1'.repeat(40)}`, cumulative: '0', epochs: [epoch(2), epoch(5), epoch(3), epoch(4)], days: [] };
  const recent = recentEpochs(earnings, 3);
  expect(recent.map((e) => e.epoch)).toEqual([5, 4, 3]);
  expect(recent[0]).toEqual({ epoch: 5, startedAt: 50, endedAt: 60, amount: '5000', tasks: 5, rejected: 0, uptimePercent: 100, explanation: '5 tasks' });
});

test('the next read comes at the interval, or just after the epoch ends if sooner', () => {
  expect(nextRefreshDelay(1000, 30_000, null, 2000)).toBe(30_000);
  expect(nextRefreshDelay(1000, 30_000, 5000, 2000)).toBe(6000);
  expect(nextRefreshDelay(1000, 3000, 5000, 2000)).toBe(3000);
  // The epoch already ended and settled: back to the interval.
  expect(nextRefreshDelay(10_000, 30_000, 5000, 2000)).toBe(30_000);
});

test('recent days are oldest first and keep the latest', () => {
  const day = (d: string, amount: string) => ({ day: d, amount, tasks: 1 });
  const earnings: Earnings = {
    account: `0x${'1'.repeat(40)}`,
    cumulative: '0',
    epochs: [],
    days: [day('2026-11-24', '2'), day('2026-11-22', '1'), day('2026-11-25', '3')],
  };
  expect(recentDays(earnings, 2)).toEqual([day('2026-11-24', '2'), day('2026-11-25', '3')]);
});
