import { StandardMerkleTree } from '@openzeppelin/merkle-tree';

/**
 * Epoch accounting. Credits come from work (FLOPs × quality); the emission is split between work
 * and uptime; accounts are paid cumulatively through one Merkle tree per epoch whose leaves are
 * OpenZeppelin's standard double-hashed `(address, uint256)` pairs, as MiningRewards verifies.
 */
export interface NodeEpochStats {
  nodeId: string;
  account: string;
  credits: number;
  tasks: number;
  rejected: number;
  uptimeMs: number;
}

export interface EpochSplit {
  emission: bigint;
  /** Share of the emission paid by uptime rather than credits, in basis points. */
  uptimeShareBps: number;
  epochMs: number;
}

export interface NodeAllocation extends NodeEpochStats {
  amount: bigint;
  uptimePercent: number;
  explanation: string;
}

/** A result's credits: its size times its quality (1 for an accepted answer, 0 for a rejected one). */
export function resultCredits(flops: number, quality: number): number {
  return flops * quality;
}

const SCALE = 1_000_000n;

function share(pool: bigint, part: number, whole: number): bigint {
  if (whole <= 0 || part <= 0) return 0n;
  // Ratios of floats carried through a fixed-point integer keep the sum within the pool.
  return (pool * BigInt(Math.floor((part / whole) * Number(SCALE)))) / SCALE;
}

/**
 * Splits the emission: the credit pool by credits, the uptime pool by uptime among nodes that did
 * accepted work (being online without working earns nothing). Rounding leaves dust unpaid, never
 * more than the emission.
 */
export function allocateEpoch(stats: readonly NodeEpochStats[], split: EpochSplit): NodeAllocation[] {
  const uptimePool = (split.emission * BigInt(split.uptimeShareBps)) / 10_000n;
  const creditPool = split.emission - uptimePool;
  const totalCredits = stats.reduce((sum, s) => sum + s.credits, 0);
  const working = stats.filter((s) => s.tasks > 0);
  const totalUptime = working.reduce((sum, s) => sum + s.uptimeMs, 0);
  return stats.map((s) => {
    const amount = share(creditPool, s.credits, totalCredits) + (s.tasks > 0 ? share(uptimePool, s.uptimeMs, totalUptime) : 0n);
    const uptimePercent = Math.min(100, (100 * s.uptimeMs) / split.epochMs);
    return { ...s, amount, uptimePercent, explanation: explainAllocation(s.tasks, s.rejected, uptimePercent) };
  });
}

export function explainAllocation(tasks: number, rejected: number, uptimePercent: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(tasks)} task${tasks === 1 ? '' : 's'}, ${n(rejected)} rejected, ${uptimePercent.toFixed(1)} % uptime`;
}

/** Adds the epoch's amounts to each account's running total (several nodes may pay one account). */
export function cumulativeByAccount(previous: ReadonlyMap<string, bigint>, allocations: readonly NodeAllocation[]): Map<string, bigint> {
  const next = new Map(previous);
  for (const a of allocations) {
    const account = a.account.toLowerCase();
    next.set(account, (next.get(account) ?? 0n) + a.amount);
  }
  return next;
}

export interface EpochTree {
  root: string;
  total: bigint;
  proof(account: string): { cumulative: bigint; proof: string[] } | null;
}

export function buildEpochTree(cumulative: ReadonlyMap<string, bigint>): EpochTree | null {
  const entries = [...cumulative].filter(([, amount]) => amount > 0n).sort(([a], [b]) => (a < b ? -1 : 1));
  if (!entries.length) return null;
  const tree = StandardMerkleTree.of(
    entries.map(([account, amount]) => [account, amount.toString()]),
    ['address', 'uint256'],
  );
  const index = new Map(entries.map(([account], i) => [account, i]));
  return {
    root: tree.root,
    total: entries.reduce((sum, [, amount]) => sum + amount, 0n),
    proof(account) {
      const key = account.toLowerCase();
      const i = index.get(key);
      if (i === undefined) return null;
      // The tree sorts leaves, so look the leaf up by value rather than by our index.
      return { cumulative: entries[i]![1], proof: tree.getProof([key, entries[i]![1].toString()]) };
    },
  };
}

/** Which epoch a moment falls in, counting from the network's start. */
export function epochAt(now: number, genesis: number, epochMs: number): number {
  return Math.max(0, Math.floor((now - genesis) / epochMs));
}
