import { explorerTxUrl } from '../../src/common/chains';
import type { ClaimProgress } from '../../src/common/earnings';
import type { StakingActivity } from '../../src/common/staking';
import type { TransactionFeed, TransactionKind, WalletTransaction } from '../../src/common/transactions';

/** One line of the Recent transactions list. */
export interface TransactionRow {
  key: string;
  kind: TransactionKind;
  status: 'pending' | 'confirmed' | 'failed';
  /** What reached (positive) or left (negative) the wallet; null while the amount is not known yet. */
  amount: bigint | null;
  /** Block time in seconds; null for a transaction not yet in a block the feed has read. */
  at: number | null;
  hash: string | null;
  /** The explorer's page for it; null on a chain without a public explorer (the devnet). */
  url: string | null;
  entry: WalletTransaction | null;
}

export const kindTitles: Record<TransactionKind, string> = {
  stake: 'Staked',
  unstake: 'Unstaked',
  'staking-claim': 'Staking reward claimed',
  'mining-claim': 'Mining reward claimed',
  'transfer-in': 'Received',
  'transfer-out': 'Sent',
};

/** What the entry moved in or out of the wallet: an unstake pays back principal and reward together. */
export function signedAmount(entry: WalletTransaction): bigint {
  const amount = BigInt(entry.amount);
  switch (entry.kind) {
    case 'stake':
    case 'transfer-out':
      return -amount;
    case 'unstake':
      return amount + BigInt(entry.reward ?? '0');
    default:
      return amount;
  }
}

const activityKinds: Record<StakingActivity['action'], TransactionKind> = { stake: 'stake', claim: 'staking-claim', unstake: 'unstake' };

/**
 * The feed's entries, newest first, led by this node's writes the feed has not read yet: a
 * staking write or mining claim sent and waiting for the chain (pending), confirmed a moment ago,
 * or reverted on chain (failed). Writes refused before they were sent have no transaction and no line.
 */
export function transactionRows(feed: TransactionFeed, activity: StakingActivity | null, claim: ClaimProgress): TransactionRow[] {
  const listed = new Set(feed.entries.map((e) => e.hash.toLowerCase()));
  const unlisted = (hash: string | null): hash is string => hash !== null && !listed.has(hash.toLowerCase());
  const lead: TransactionRow[] = [];
  if (activity && unlisted(activity.txHash) && activity.step !== 'approving') {
    const status = activity.step === 'confirmed' ? 'confirmed' : activity.step === 'failed' ? 'failed' : 'pending';
    lead.push(ownRow(feed.chainId, activity.txHash, activityKinds[activity.action], status, null));
  }
  if ((claim.status === 'pending' || claim.status === 'confirmed') && unlisted(claim.hash) && claim.hash !== activity?.txHash) {
    lead.push(ownRow(feed.chainId, claim.hash, 'mining-claim', claim.status, BigInt(claim.amount)));
  }
  return [
    ...lead,
    ...feed.entries.map((entry) => ({
      key: `${entry.hash}:${entry.logIndex}`,
      kind: entry.kind,
      status: 'confirmed' as const,
      amount: signedAmount(entry),
      at: entry.at,
      hash: entry.hash,
      url: explorerTxUrl(feed.chainId, entry.hash),
      entry,
    })),
  ];
}

function ownRow(chainId: number, hash: string, kind: TransactionKind, status: TransactionRow['status'], amount: bigint | null): TransactionRow {
  return { key: `own:${hash}`, kind, status, amount, at: null, hash, url: explorerTxUrl(chainId, hash), entry: null };
}
