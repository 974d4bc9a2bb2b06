import { z } from 'zod';
import { AddressSchema, AmountSchema } from './protocol';

/**
 * The owner's mining rewards and the network's figures, as the dashboard shows them. Amounts are
 * whole wei of PLEXAI (18 decimals) as decimal strings, never floats: the UI formats them.
 */

/** One settled epoch's reward for this payout address, with the coordinator's reasons. */
export const EpochRewardSchema = z.object({
  epoch: z.number().int().min(0),
  startedAt: z.number().int(),
  endedAt: z.number().int(),
  amount: AmountSchema,
  tasks: z.number().int().min(0),
  rejected: z.number().int().min(0),
  uptimePercent: z.number().min(0).max(100),
  /** In words, e.g. "12,400 tasks, 2 rejected, 99.2 % uptime". */
  explanation: z.string().max(2000),
});
export type EpochReward = z.infer<typeof EpochRewardSchema>;

/** What one UTC day's settled epochs paid this address. */
export const DayRewardSchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  amount: AmountSchema,
  tasks: z.number().int().min(0),
});
export type DayReward = z.infer<typeof DayRewardSchema>;

/** A figure and its change in percent against an earlier reading (null: nothing to compare with). */
export const ChangingFigureSchema = z.object({
  value: z.number(),
  changePercent: z.number().nullable(),
  /** What the change is measured against: a count over the previous 24 h, or the figure as it was 24 h ago. */
  comparedTo: z.enum(['previous-24h', '24h-ago']).nullable(),
});
export type ChangingFigure = z.infer<typeof ChangingFigureSchema>;

export const NetworkFiguresSchema = z.object({
  activeNodes: ChangingFigureSchema,
  tasks24h: ChangingFigureSchema,
  computeGflops: ChangingFigureSchema,
  epoch: z.object({ current: z.number().int().min(0), endsAt: z.number().int() }),
});
export type NetworkFigures = z.infer<typeof NetworkFiguresSchema>;

export const MiningRewardsSchema = z.object({
  /** Everything earned under the latest root published on chain. */
  cumulative: AmountSchema,
  /** Already claimed on chain (MiningRewards.claimed). */
  claimed: AmountSchema,
  /** cumulative − claimed. */
  claimable: AmountSchema,
  /** The epoch of the root the proof is for; null before any root holds this address. */
  rootEpoch: z.number().int().nullable(),
});
export type MiningRewards = z.infer<typeof MiningRewardsSchema>;

/** A claim as it goes: waiting for the wallet, sent (pending), confirmed, or failed with its reason. */
export const ClaimProgressSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('idle') }),
  z.object({ status: z.literal('signing'), amount: AmountSchema }),
  z.object({ status: z.literal('pending'), amount: AmountSchema, hash: z.string().regex(/^0x[0-9a-fA-F]{64}$/) }),
  z.object({ status: z.literal('confirmed'), amount: AmountSchema, hash: z.string().regex(/^0x[0-9a-fA-F]{64}$/), at: z.number().int() }),
  z.object({ status: z.literal('failed'), error: z.object({ name: z.string(), message: z.string() }) }),
]);
export type ClaimProgress = z.infer<typeof ClaimProgressSchema>;

export const EarningsStateSchema = z.object({
  /** False where this network's coordinator and contracts are not known to the app (mainnet, testnet for now). */
  available: z.boolean(),
  unavailableReason: z.string().nullable(),
  /** The connected payout address the figures are for; null while no wallet is connected. */
  account: AddressSchema.nullable(),
  /** A refresh is under way. */
  loading: z.boolean(),
  /** When the figures below were last read; null before the first successful read. */
  updatedAt: z.number().int().nullable(),
  /** Why the last refresh failed (coordinator or chain unreachable); the figures are then from `updatedAt`. */
  error: z.object({ name: z.string(), message: z.string() }).nullable(),
  /** PLEXAI the payout address holds. */
  balance: AmountSchema.nullable(),
  rewards: MiningRewardsSchema.nullable(),
  /** The most recent epochs with a reward, newest first (at most 24, to keep events small). */
  epochs: z.array(EpochRewardSchema).max(24),
  /** Reward per UTC day, oldest first, for the last 31 days that paid anything (the trend chart's week and month). */
  days: z.array(DayRewardSchema).max(31),
  network: NetworkFiguresSchema.nullable(),
  claim: ClaimProgressSchema,
  /** A USD price where one is known, with where it comes from; the devnet's is fixed and says so. */
  price: z.object({ usd: z.number().min(0), source: z.string().max(200) }).nullable(),
  /** The chain's native coin, which gas is paid in. */
  nativeSymbol: z.string().max(16),
});
export type EarningsState = z.infer<typeof EarningsStateSchema>;

export const noEarningsState: EarningsState = {
  available: false,
  unavailableReason: 'This network\u2019s coordinator and reward contract are not known to this version of the app yet; rewards show on the devnet.',
  account: null,
  loading: false,
  updatedAt: null,
  error: null,
  balance: null,
  rewards: null,
  epochs: [],
  days: [],
  network: null,
  claim: { status: 'idle' },
  price: null,
  nativeSymbol: 'BNB',
};

/** What a claim will cost before the owner confirms it. */
export const ClaimEstimateSchema = z.object({
  amount: AmountSchema,
  gasUnits: z.string().regex(/^[0-9]+$/),
  /** gasUnits × gas price, in wei of the native coin. */
  feeWei: AmountSchema,
  nativeSymbol: z.string().max(16),
});
export type ClaimEstimate = z.infer<typeof ClaimEstimateSchema>;

export const ClaimReceiptSchema = z.object({
  amount: AmountSchema,
  hash: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
  blockNumber: z.number().int().min(0),
});
export type ClaimReceipt = z.infer<typeof ClaimReceiptSchema>;
