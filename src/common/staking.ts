import { z } from 'zod';

/**
 * Staking arithmetic shared by the engine and the UI, in exact integers (token base units), so
 * the figures the UI shows before confirming and while a position ticks are the contract's own.
 * PlexAiStaking (contracts/src/PlexAiStaking.sol) is the reference:
 * reward = amount × apyBps × elapsedSeconds / (10,000 × 365 days), rounded down, accruing from
 * the position's start until its lock end; unstaking before the lock end withholds
 * amount × 1,000 / 10,000 (10 %) of the principal.
 */

export const PLEXAI_DECIMALS = 18;
export const BPS = 10_000n;
export const SECONDS_PER_YEAR = 365n * 24n * 60n * 60n;
export const EARLY_UNSTAKE_PENALTY_BPS = 1_000n;

/** The whitepaper's formula, rounded down like the contract's `rewardFor`. */
export function rewardFor(amount: bigint, apyBps: bigint, elapsedSeconds: bigint): bigint {
  if (amount < 0n || apyBps < 0n) throw new RangeError('amount and APY must not be negative');
  if (elapsedSeconds <= 0n) return 0n;
  return (amount * apyBps * elapsedSeconds) / (BPS * SECONDS_PER_YEAR);
}

/** What a stake of `amount` under an option earns if held to its lock end (the contract's `previewMaxReward`). */
export function projectedReward(amount: bigint, option: { apyBps: number; durationSeconds: number }): bigint {
  return rewardFor(amount, BigInt(option.apyBps), BigInt(option.durationSeconds));
}

/** The principal withheld by an unstake before the lock ends: exactly 10 %, rounded down. */
export function earlyUnstakePenalty(amount: bigint): bigint {
  return (amount * EARLY_UNSTAKE_PENALTY_BPS) / BPS;
}

/**
 * A position's claimable reward at `nowSeconds` (chain time): accrued from `start` until now or
 * the lock end, whichever is earlier, minus what was already claimed; the contract's `pendingReward`.
 */
export function pendingRewardAt(
  position: { amount: bigint; apyBps: bigint; start: bigint; lockEnd: bigint; claimed: bigint },
  nowSeconds: bigint,
): bigint {
  const until = nowSeconds < position.lockEnd ? nowSeconds : position.lockEnd;
  const accrued = rewardFor(position.amount, position.apyBps, until - position.start);
  return accrued > position.claimed ? accrued - position.claimed : 0n;
}

/** A PLEXAI amount as the owner types it: digits with at most 18 decimals, e.g. "1250.5". */
export const DecimalAmountSchema = z
  .string()
  .trim()
  .regex(/^\d{1,30}(\.\d{1,18})?$/, 'expected a decimal amount such as 100 or 12.5, with at most 18 decimals');
/** A non-negative integer of token base units (or an id) carried as a decimal string, never a JS number. */
export const UintStringSchema = z.string().regex(/^\d{1,78}$/, 'expected a non-negative integer as a decimal string');

/** Parses a typed amount into base units; throws a RangeError naming what is wrong. */
export function parseTokenAmount(text: string, decimals = PLEXAI_DECIMALS): bigint {
  const trimmed = text.trim();
  const match = /^(\d+)(?:\.(\d*))?$/.exec(trimmed);
  if (!match) throw new RangeError(`"${text}" is not an amount: use digits and at most one decimal point, e.g. 100 or 12.5`);
  const whole = match[1]!;
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) throw new RangeError(`PLEXAI has ${decimals} decimals; "${text}" has ${fraction.length}`);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** Base units as a decimal string with no trailing zeros ("1250.5", "0.000001", "100"). */
export function formatTokenAmount(units: bigint, decimals = PLEXAI_DECIMALS): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const fraction = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** For display: thousands separators and at most `maxFractionDigits` decimals, rounded down. */
export function displayTokenAmount(units: bigint, maxFractionDigits = 4, decimals = PLEXAI_DECIMALS): string {
  const exact = formatTokenAmount(units, decimals);
  const [whole, fraction = ''] = exact.replace('-', '').split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const shown = fraction.slice(0, maxFractionDigits).replace(/0+$/, '');
  return `${units < 0n ? '-' : ''}${grouped}${shown ? `.${shown}` : ''}`;
}

// ---------------------------------------------------------------- the wire (PlexApi)

/** A lock option as PlexAiStaking lists it; the id is its index in `lockOptions()`. */
export const StakingOptionSchema = z.object({
  id: z.number().int().min(0),
  durationSeconds: z.number().int().positive(),
  apyBps: z.number().int().min(0).max(10_000),
});
export type StakingOption = z.infer<typeof StakingOptionSchema>;

/** One open position with its figures in base units (decimal strings) and times in chain seconds. */
export const StakingPositionSchema = z.object({
  id: UintStringSchema,
  amount: UintStringSchema,
  apyBps: z.number().int().min(0).max(10_000),
  start: z.number().int().min(0),
  lockEnd: z.number().int().min(0),
  claimed: UintStringSchema,
  /** Claimable at `asOf`. */
  pending: UintStringSchema,
  maxReward: UintStringSchema,
  /** What an unstake would withhold now: 10 % of `amount` before `lockEnd`, else "0". */
  earlyPenalty: UintStringSchema,
});
export type StakingPosition = z.infer<typeof StakingPositionSchema>;

/** Everything the Staking page shows, read from the chain in one go for the connected address. */
export const StakingOverviewSchema = z.object({
  chainId: z.number().int().positive(),
  /** The latest block's timestamp: the chain time the figures hold at. */
  asOf: z.number().int().min(0),
  decimals: z.literal(PLEXAI_DECIMALS),
  options: z.array(StakingOptionSchema),
  pool: z.object({ available: UintStringSchema, reserved: UintStringSchema, totalStaked: UintStringSchema }),
  paused: z.boolean(),
  /** Null while no wallet is connected; then there is nothing of the owner's to show. */
  account: z
    .object({
      address: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
      balance: UintStringSchema,
      allowance: UintStringSchema,
      positions: z.array(StakingPositionSchema),
      earliestUnlock: z.object({ positionId: UintStringSchema, unlockTime: z.number().int().min(0) }).nullable(),
    })
    .nullable(),
});
export type StakingOverview = z.infer<typeof StakingOverviewSchema>;

/** The write under way or last finished, so every window shows its pending and confirmed states. */
export const StakingActivitySchema = z.object({
  id: z.number().int().min(1),
  action: z.enum(['stake', 'claim', 'unstake']),
  step: z.enum(['approving', 'signing', 'confirming', 'confirmed', 'failed']),
  txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/).nullable(),
  /** Plain words: what happened, or why it failed. */
  message: z.string().nullable(),
});
export type StakingActivity = z.infer<typeof StakingActivitySchema>;

/** AppState.staking: small on purpose; the figures come from getStaking, fetched again when `revision` moves. */
export const StakingStatusSchema = z.object({
  available: z.boolean(),
  unavailableReason: z.string().nullable(),
  /** Grows whenever the chain figures changed through this node (a confirmed write, a wallet switch). */
  revision: z.number().int().min(0),
  activity: StakingActivitySchema.nullable(),
});
export type StakingStatus = z.infer<typeof StakingStatusSchema>;

export const noStakingStatus: StakingStatus = {
  available: false,
  unavailableReason:
    'Staking is not available on this network yet: the PlexAi contracts\u2019 addresses on BNB Smart Chain are not published. It works on the devnet (`npm start`).',
  revision: 0,
  activity: null,
};

export const StakeParamsSchema = z.object({ optionId: z.number().int().min(0).max(255), amount: DecimalAmountSchema }).strict();
export const PositionParamsSchema = z.object({ positionId: UintStringSchema }).strict();

export const StakeResultSchema = z.object({ txHash: z.string(), positionId: UintStringSchema, amount: UintStringSchema, maxReward: UintStringSchema, lockEnd: z.number().int() });
export const ClaimResultSchema = z.object({ txHash: z.string(), positionId: UintStringSchema, reward: UintStringSchema });
/** One claim-all: every position's pending reward in one transaction. */
export const ClaimAllResultSchema = z.object({ txHash: z.string(), reward: UintStringSchema, positionIds: z.array(UintStringSchema) });
export const UnstakeResultSchema = z.object({
  txHash: z.string(),
  positionId: UintStringSchema,
  /** Principal paid back (amount minus the penalty before the lock ends). */
  principalOut: UintStringSchema,
  reward: UintStringSchema,
  /** Principal withheld into the reward pool: 10 % before the lock ends, else "0". */
  penalty: UintStringSchema,
});
