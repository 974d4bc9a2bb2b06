import { describe, expect, test } from 'vitest';
import { axisLabel, emptyTrend, formatAxisValue, plotValue, pointLabel, trendSeries, trendSummary } from './trend';

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

describe('words around the chart', () => {
  const token = 10n ** 18n;
  const point = (label: string, at: number, wei: bigint) => ({ label, at, wei });

  test('a day point reads as its epoch, when it ended, and what it paid', () => {
    const label = pointLabel('day', point('Epoch 7', now - 60_000, 45_000n * token), now);
    expect(label).toMatch(/^Epoch 7, ended \d\d:\d\d [AP]M: 45,000 PLEXAI$/);
  });

  test('a week or month point reads as its UTC day, not an ISO date', () => {
    expect(pointLabel('week', point('2026-11-23', Date.UTC(2026, 10, 23), 5n * token), now)).toBe('Mon, Nov 23: 5 PLEXAI');
    expect(axisLabel('month', point('2026-11-23', Date.UTC(2026, 10, 23), 0n), now)).toBe('Nov 23');
  });

  test('a lone epoch is said to be the only one so far, so one dot does not look like a broken chart', () => {
    const summary = trendSummary('day', [point('Epoch 0', now - 1000, 45_000n * token)], now);
    expect(summary).toMatch(/^Epoch 0, ended .*: 45,000 PLEXAI, the only epoch settled in the last 24 h so far\./);
  });

  test('no settled epoch, or a period that paid nothing, takes the chart\'s place in words', () => {
    expect(emptyTrend('day', [])?.headline).toBe('No epoch has settled in the last 24 h.');
    expect(emptyTrend('week', trendSeries('week', [], [], now))?.headline).toBe('Nothing paid to this address in the last 7 days.');
    expect(emptyTrend('day', [point('Epoch 1', now - 2000, 0n), point('Epoch 2', now - 1000, 0n)])?.headline).toBe('Nothing paid to this address in the last 24 h.');
    expect(emptyTrend('day', [point('Epoch 1', now - 2000, 0n), point('Epoch 2', now - 1000, 1n)])).toBeNull();
  });

  test('otherwise the total, and how to read each point', () => {
    const summary = trendSummary('day', [point('Epoch 1', now - 2000, token), point('Epoch 2', now - 1000, 2n * token)], now);
    expect(summary).toBe('3 PLEXAI in this period. Hover the chart, or focus it and use the arrow keys, to read each point.');
  });

  test.for([
    [0, '0'],
    [500, '500'],
    [45_000, '45K'],
    [1_250_000, '1.3M'],
  ] as const)('axis value %d reads %s', ([tokens, text]) => {
    expect(formatAxisValue(tokens)).toBe(text);
  });
});
