import { describe, expect, test } from 'vitest';
import { methods } from './api';
import {
  DecimalAmountSchema,
  displayTokenAmount,
  earlyUnstakePenalty,
  formatTokenAmount,
  parseTokenAmount,
  pendingRewardAt,
  projectedReward,
  rewardFor,
} from './staking';

const E18 = 10n ** 18n;
const DAY = 86_400n;

describe('rewardFor (the whitepaper formula, as PlexAiStaking computes it)', () => {
  test('1,000 PLEXAI for 30 days at 8 %: 6.575342465753424657 PLEXAI, rounded down', () => {
    // 1000e18 × 800 × 2,592,000 / (10,000 × 31,536,000) = 6.5753424657534246575... → floor
    expect(rewardFor(1000n * E18, 800n, 30n * DAY)).toBe(6_575342465753424657n);
  });
  test('a whole year at 40 % pays exactly 40 %', () => {
    expect(rewardFor(12_345n * E18, 4_000n, 365n * DAY)).toBe(4_938n * E18);
  });
  test('rounds down where the contract does: 1 base unit for 1 second earns nothing', () => {
    expect(rewardFor(1n, 10_000n, 1n)).toBe(0n);
    expect(rewardFor(31_536_000n, 10_000n, 1n)).toBe(1n);
    expect(rewardFor(31_536_000n * 2n - 1n, 10_000n, 1n)).toBe(1n);
  });
  test('no time, no reward; negative time is none either', () => {
    expect(rewardFor(E18, 800n, 0n)).toBe(0n);
    expect(rewardFor(E18, 800n, -5n)).toBe(0n);
  });
  test('projectedReward is the reward to the lock end', () => {
    expect(projectedReward(1000n * E18, { apyBps: 1500, durationSeconds: 90 * 86_400 })).toBe(rewardFor(1000n * E18, 1500n, 90n * DAY));
  });
});

describe('pendingRewardAt', () => {
  const position = { amount: 1000n * E18, apyBps: 800n, start: 1_000n, lockEnd: 1_000n + 30n * DAY, claimed: 0n };
  test('accrues from the start', () => {
    expect(pendingRewardAt(position, 1_000n + DAY)).toBe(rewardFor(1000n * E18, 800n, DAY));
  });
  test('stops at the lock end', () => {
    expect(pendingRewardAt(position, 1_000n + 400n * DAY)).toBe(rewardFor(1000n * E18, 800n, 30n * DAY));
  });
  test('minus what was claimed', () => {
    const claimed = rewardFor(1000n * E18, 800n, DAY);
    expect(pendingRewardAt({ ...position, claimed }, 1_000n + 2n * DAY)).toBe(rewardFor(1000n * E18, 800n, 2n * DAY) - claimed);
  });
});

describe('earlyUnstakePenalty', () => {
  test('exactly 10 % of the principal', () => {
    expect(earlyUnstakePenalty(1000n * E18)).toBe(100n * E18);
    expect(earlyUnstakePenalty(1_234_567_890_123_456_789n)).toBe(123_456_789_012_345_678n);
  });
  test('rounds down like the contract', () => {
    expect(earlyUnstakePenalty(19n)).toBe(1n);
    expect(earlyUnstakePenalty(9n)).toBe(0n);
  });
});

describe('amounts as decimal strings', () => {
  test('parse whole and fractional amounts exactly', () => {
    expect(parseTokenAmount('100')).toBe(100n * E18);
    expect(parseTokenAmount('12.5')).toBe(12n * E18 + E18 / 2n);
    expect(parseTokenAmount('0.000000000000000001')).toBe(1n);
    expect(parseTokenAmount(' 7. ')).toBe(7n * E18);
    expect(parseTokenAmount('99999999999.999999999999999999')).toBe(100_000_000_000n * E18 - 1n);
  });
  test('refuse what is not an amount', () => {
    for (const bad of ['', '-1', '1e18', '1,000', '0x10', '.5', '1.2.3', 'abc']) expect(() => parseTokenAmount(bad), bad).toThrow(RangeError);
    expect(() => parseTokenAmount('0.0000000000000000001')).toThrow(/18 decimals/);
  });
  test('format round-trips', () => {
    for (const units of [0n, 1n, E18, 12n * E18 + E18 / 2n, 6_575342465753424657n]) expect(parseTokenAmount(formatTokenAmount(units))).toBe(units);
    expect(formatTokenAmount(12n * E18 + E18 / 2n)).toBe('12.5');
    expect(displayTokenAmount(1_234_567n * E18 + 6_575342465753424657n % E18)).toBe('1,234,567.5753');
    expect(displayTokenAmount(-100n * E18)).toBe('-100');
  });
  test('the stake request accepts decimal strings only, never numbers', () => {
    expect(methods.stake.params.safeParse({ optionId: 0, amount: '1000.5' }).success).toBe(true);
    expect(methods.stake.params.safeParse({ optionId: 0, amount: 1000 }).success).toBe(false);
    expect(methods.stake.params.safeParse({ optionId: 0, amount: '1e3' }).success).toBe(false);
    expect(methods.stake.params.safeParse({ optionId: -1, amount: '1' }).success).toBe(false);
    expect(methods.unstake.params.safeParse({ positionId: 3 }).success).toBe(false);
    expect(methods.unstake.params.safeParse({ positionId: '3' }).success).toBe(true);
    expect(DecimalAmountSchema.safeParse('1.0000000000000000001').success).toBe(false);
  });
});
