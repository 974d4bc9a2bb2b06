import { expect, test } from 'vitest';
import { plotValue, trendSeries } from './trend';

const now = Date.UTC(2026, 10, 25, 12);
const epoch = (n: number, endedAt: number, amount: string) => ({ epoch: n, startedAt: endedAt - 1, endedAt, amount, tasks: 1, rejected: 0, uptimePercent: 100, explanation: '' });

test('day: the settled epochs of the last 24 h, oldest first', () => {
  const series = trendSeries('day', [epoch(3, now - 1000, '3'), epoch(1, now - 2 * 86_400_000, '1'), epoch(2, now - 5000, '2')], [], now);
  expect(series.map((p) => [p.label, p.wei])).toEqual([
    ['Epoch 2', 2n],
    ['Epoch 3', 3n],
  ]);
});

test('week and month: one point per UTC day, unpaid days as zero', () => {
  const week = trendSeries('week', [], [{ day: '2026-11-23', amount: '5', tasks: 1 }, { day: '2026-11-25', amount: '7', tasks: 1 }], now);
  expect(week).toHaveLength(7);
  expect(week[0]!.label).toBe('2026-11-19');
  expect(week.map((p) => p.wei)).toEqual([0n, 0n, 0n, 0n, 5n, 0n, 7n]);
  expect(trendSeries('month', [], [], now)).toHaveLength(30);
});

test('plot values are whole tokens', () => {
  expect(plotValue(1_500_000_000_000_000_000n)).toBe(1.5);
});
