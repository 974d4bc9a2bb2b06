import { expect, test } from 'vitest';
import type { StakingPosition } from '../../src/common/staking';
import { shareLabel, stakeDistribution } from './stake-distribution';

const E18 = 10n ** 18n;
const DAY = 86_400;
const NOW = 1_000_000;

function position(id: number, amount: bigint, start: number, days: number, claimed = 0n): StakingPosition {
  return {
    id: String(id),
    amount: amount.toString(),
    apyBps: 800,
    start,
    lockEnd: start + days * DAY,
    claimed: claimed.toString(),
    pending: '0',
    maxReward: '0',
    earlyPenalty: '0',
  };
}

test('positions group by lock period, shortest first, with each period’s share of the stake', () => {
  const d = stakeDistribution(
    [position(1, 300n * E18, NOW - DAY, 90), position(2, 100n * E18, NOW - 2 * DAY, 30), position(3, 200n * E18, NOW - 5 * DAY, 30), position(4, 400n * E18, NOW, 365)],
    NOW,
  );
  expect(d.total).toBe(1000n * E18);
  expect(d.groups).toEqual([
    { durationSeconds: 30 * DAY, label: '30 days', amount: 300n * E18, positions: 2, share: 0.3 },
    { durationSeconds: 90 * DAY, label: '90 days', amount: 300n * E18, positions: 1, share: 0.3 },
    { durationSeconds: 365 * DAY, label: '1 year', amount: 400n * E18, positions: 1, share: 0.4 },
  ]);
  // Position 3 (opened 5 days ago for 30) unlocks first.
  expect(d.nextUnlock).toEqual({ at: NOW + 25 * DAY, amount: 200n * E18, positions: 1 });
  expect(d.unlocked).toEqual({ amount: 0n, positions: 0 });
});

test('positions unlocking at the same moment add up; ended locks count as unlocked, not as the next unlock', () => {
  const d = stakeDistribution([position(1, 5n * E18, NOW - 40 * DAY, 30), position(2, 7n * E18, NOW, 30), position(3, 3n * E18, NOW, 30)], NOW);
  expect(d.unlocked).toEqual({ amount: 5n * E18, positions: 1 });
  expect(d.nextUnlock).toEqual({ at: NOW + 30 * DAY, amount: 10n * E18, positions: 2 });
  expect(stakeDistribution([position(1, 5n * E18, NOW - 40 * DAY, 30)], NOW).nextUnlock).toBeNull();
});

test('the pending reward is the formula’s at the given time, net of what was claimed', () => {
  // 1,000 PLEXAI at 8 % for 365 days accrues 80 PLEXAI; half a year in, 40; 10 already claimed.
  const d = stakeDistribution([position(1, 1000n * E18, NOW - 365 * DAY, 730, 10n * E18)], NOW - 365 * DAY / 2);
  expect(d.pending).toBe(30n * E18);
});

test('nothing staked: no groups, no unlock, no share', () => {
  expect(stakeDistribution([], NOW)).toEqual({ total: 0n, groups: [], nextUnlock: null, unlocked: { amount: 0n, positions: 0 }, pending: 0n });
});

test('share labels', () => {
  expect(shareLabel(2 / 3)).toBe('66.7 %');
  expect(shareLabel(1)).toBe('100 %');
  expect(shareLabel(0.0004)).toBe('< 0.1 %');
});
