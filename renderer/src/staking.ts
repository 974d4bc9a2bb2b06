import {
  displayTokenAmount,
  earlyUnstakePenalty,
  parseTokenAmount,
  pendingRewardAt,
  projectedReward,
  type StakingActivity,
  type StakingOption,
  type StakingPosition,
} from '../../src/common/staking';

/** A staking write is waiting for the wallet or the chain. */
export function isPending(activity: StakingActivity | null): boolean {
  return activity !== null && activity.step !== 'confirmed' && activity.step !== 'failed';
}

/** "30 days", "1 year". */
export function lockLabel(seconds: number): string {
  const days = Math.round(seconds / 86_400);
  if (days === 365) return '1 year';
  if (days >= 1) return `${days} day${days === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** 800 → "8 %", 1250 → "12.5 %". */
export function apyLabel(apyBps: number): string {
  return `${Number((apyBps / 100).toFixed(2))} %`;
}

/** An amount for people: `digits` decimals, or every decimal where fewer would show a non-zero amount as 0. */
export function plexai(units: bigint, digits = 4): string {
  const short = displayTokenAmount(units, digits);
  return `${units !== 0n && /^-?0$/.test(short) ? displayTokenAmount(units, 18) : short} PLEXAI`;
}

export type AmountCheck = { ok: true; units: bigint } | { ok: false; message: string | null };

/** The amount field as the owner types it, checked against the balance; `message` null while empty. */
export function checkStakeAmount(text: string, balance: bigint | null): AmountCheck {
  if (text.trim() === '') return { ok: false, message: null };
  let units: bigint;
  try {
    units = parseTokenAmount(text);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  if (units === 0n) return { ok: false, message: 'Enter more than zero.' };
  if (balance !== null && units > balance) return { ok: false, message: `That is more than your balance of ${plexai(balance, 18)}.` };
  return { ok: true, units };
}

/** What the stake form shows before confirming, all by the contract's formula. */
export function stakePreview(units: bigint, option: StakingOption, nowSeconds: number) {
  return {
    reward: projectedReward(units, option),
    penalty: earlyUnstakePenalty(units),
    unlockAt: new Date((nowSeconds + option.durationSeconds) * 1000),
  };
}

/** A position's claimable reward at chain time `nowSeconds`, ticking by the formula between reads. */
export function livePending(position: StakingPosition, nowSeconds: number): bigint {
  return pendingRewardAt(
    {
      amount: BigInt(position.amount),
      apyBps: BigInt(position.apyBps),
      start: BigInt(position.start),
      lockEnd: BigInt(position.lockEnd),
      claimed: BigInt(position.claimed),
    },
    BigInt(Math.floor(nowSeconds)),
  );
}

/** What unstaking now would pay and withhold (the contract's quoteUnstake). */
export function unstakeQuote(position: StakingPosition, nowSeconds: number) {
  const amount = BigInt(position.amount);
  const early = nowSeconds < position.lockEnd;
  const penalty = early ? earlyUnstakePenalty(amount) : 0n;
  return { early, penalty, principalOut: amount - penalty, reward: livePending(position, nowSeconds) };
}
