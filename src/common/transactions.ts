import { z } from 'zod';
import { AddressSchema, Hex32Schema } from './protocol';
import { UintStringSchema } from './staking';

/**
 * The connected wallet's recent PLEXAI transactions as the dashboard lists them, read from the
 * chain's event logs: stakes, unstakes, staking and mining reward claims, and plain transfers.
 * Amounts are base units (18 decimals) as decimal strings; times are the block's, in seconds.
 */

export const TransactionKindSchema = z.enum(['stake', 'unstake', 'staking-claim', 'mining-claim', 'transfer-in', 'transfer-out']);
export type TransactionKind = z.infer<typeof TransactionKindSchema>;

export const WalletTransactionSchema = z.object({
  kind: TransactionKindSchema,
  hash: Hex32Schema,
  blockNumber: z.number().int().min(0),
  /** The first of the transaction's logs this entry stands for; orders entries inside one block. */
  logIndex: z.number().int().min(0),
  /** The block's timestamp, in seconds. */
  at: z.number().int().min(0),
  /** Staked principal; principal paid back by an unstake; reward claimed; PLEXAI transferred. */
  amount: UintStringSchema,
  /** An unstake's reward paid along with the principal. */
  reward: UintStringSchema.optional(),
  /** An unstake's principal withheld before the lock end (10 %). */
  penalty: UintStringSchema.optional(),
  /** The positions a stake opened, an unstake closed or a claim paid from (a claim-all pays several). */
  positionIds: z.array(UintStringSchema).max(64).optional(),
  /** When a stake's lock ends, in seconds. */
  lockEnd: z.number().int().min(0).optional(),
  /** A transfer's other side. */
  counterparty: AddressSchema.optional(),
});
export type WalletTransaction = z.infer<typeof WalletTransactionSchema>;

export const TRANSACTIONS_SHOWN_MAX = 100;

export const TransactionFeedSchema = z.object({
  chainId: z.number().int().positive(),
  /** The address the entries are for; null while no wallet is connected (then there are none). */
  account: AddressSchema.nullable(),
  /** Newest first. */
  entries: z.array(WalletTransactionSchema).max(TRANSACTIONS_SHOWN_MAX),
  /** The oldest block read; nothing before it is listed. */
  fromBlock: z.number().int().min(0),
  /** The newest block read. */
  toBlock: z.number().int().min(0),
  /** True where `fromBlock` is the contracts' deployment, so nothing older exists; else the explorer has the older ones. */
  complete: z.boolean(),
});
export type TransactionFeed = z.infer<typeof TransactionFeedSchema>;

export const TransactionsParamsSchema = z.object({ limit: z.number().int().min(1).max(TRANSACTIONS_SHOWN_MAX) }).strict();
