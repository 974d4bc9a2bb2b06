import type { StakingPosition } from '../../src/common/staking';
import { livePending, lockLabel } from './staking';

/** The owner's open positions of one lock period. */
export interface LockGroup {
  durationSeconds: number;
  label: string;
  amount: bigint;
  positions: number;
  /** Of everything staked, 0..1. */
  share: number;
}

export interface StakeDistribution {
  total: bigint;
  /** Shortest lock first. */
  groups: LockGroup[];
  /** The earliest lock end still ahead, and what unlocks then; null when every position is unlocked (or none is open). */
  nextUnlock: { at: number; amount: bigint; positions: number } | null;
  /** Positions whose lock has ended: they can be unstaked without the penalty. */
  unlocked: { amount: bigint; positions: number };
  /** Rewards accrued and not yet claimed over all positions, at `nowSeconds`. */
  pending: bigint;
}

/**
 * The owner's stake by lock period. A position's lock period is its lock end minus its start,
 * exactly the duration of the option it was opened under (the contract sets both at once), so
 * positions group by option without asking which.
 */
export function stakeDistribution(positions: readonly StakingPosition[], nowSeconds: number): StakeDistribution {
  const byDuration = new Map<number, { amount: bigint; positions: number }>();
  let total = 0n;
  let pending = 0n;
  let next: StakeDistribution['nextUnlock'] = null;
  const unlocked = { amount: 0n, positions: 0 };
  for (const p of positions) {
    const amount = BigInt(p.amount);
    const duration = p.lockEnd - p.start;
    const group = byDuration.get(duration) ?? { amount: 0n, positions: 0 };
    group.amount += amount;
    group.positions += 1;
    byDuration.set(duration, group);
    total += amount;
    pending += livePending(p, nowSeconds);
    if (p.lockEnd <= nowSeconds) {
      unlocked.amount += amount;
      unlocked.positions += 1;
    } else if (next === null || p.lockEnd < next.at) {
      next = { at: p.lockEnd, amount, positions: 1 };
    } else if (p.lockEnd === next.at) {
      next = { at: next.at, amount: next.amount + amount, positions: next.positions + 1 };
    }
  }
  const groups = [...byDuration.entries()]
    .sort(([a], [b]) => a - b)
    .map(([durationSeconds, g]) => ({
      durationSeconds,
      label: lockLabel(durationSeconds),
      amount: g.amount,
      positions: g.positions,
      share: total === 0n ? 0 : Number((g.amount * 1_000_000n) / total) / 1_000_000,
    }));
  return { total, groups, nextUnlock: next, unlocked, pending };
}

/** 0.6667 → "66.7 %"; a share too small to see as such shows as "< 0.1 %". */
export function shareLabel(share: number): string {
  if (share > 0 && share < 0.001) return '< 0.1 %';
  return `${Number((share * 100).toFixed(1))} %`;
}
