import { z } from 'zod';
import type { Tensor } from '../common/protocol';

/**
 * Result verification: outputs from different nodes (GPUs, backends, drivers) never match bit for
 * bit, so they are compared with a per-model tolerance; a task's results are grouped by agreement
 * and a group wins when its members' combined trust reaches the quorum.
 */
export const ToleranceSchema = z.object({
  /** Elements agree when within this absolute difference... */
  maxAbs: z.number().min(0),
  /** ...or within this difference relative to the larger magnitude. */
  maxRel: z.number().min(0),
  /** Classifier outputs must also pick the same class along the last axis. */
  argmax: z.boolean(),
});
export type Tolerance = z.infer<typeof ToleranceSchema>;

export function outputsAgree(a: Tensor, b: Tensor, tolerance: Tolerance): boolean {
  if (a.dtype !== b.dtype || a.shape.length !== b.shape.length || a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.shape.length; i++) if (a.shape[i] !== b.shape[i]) return false;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i]!;
    const y = b.data[i]!;
    const diff = Math.abs(x - y);
    if (diff > tolerance.maxAbs && diff > tolerance.maxRel * Math.max(Math.abs(x), Math.abs(y))) return false;
  }
  if (tolerance.argmax) {
    const width = a.shape[a.shape.length - 1]!;
    for (let row = 0; row < a.data.length; row += width) {
      if (argmax(a.data, row, width) !== argmax(b.data, row, width)) return false;
    }
  }
  return true;
}

function argmax(data: readonly number[], start: number, width: number): number {
  let best = start;
  for (let i = start + 1; i < start + width; i++) if (data[i]! > data[best]!) best = i;
  return best - start;
}

export interface Vote {
  nodeId: string;
  output: Tensor;
  /** The node's weight in a quorum: its reputation, or 0 while it is on probation. */
  weight: number;
  /** Whether the node has a record of agreement on real tasks (isEstablished) that this task did not give it. */
  established: boolean;
}

export interface QuorumPolicy {
  /** Results the task starts with: 2, or 1 under adaptive replication for a trusted node. */
  initialResults: number;
  /** Summed weight an agreeing group of two or more needs. */
  quorumWeight: number;
  /** A lone result stands only when the task was replicated once and its node weighs this much. */
  soloWeight: number;
  /** Give up after this many results without a winner. */
  maxResults: number;
  /**
   * Whether a winning group must include an established node. Weight alone cannot tell a quorum of
   * new honest nodes from one of new colluding liars (both weigh 0.5 each), so such a group's
   * answer is only provisional until a node with a record agrees; false once every live node has
   * answered, since no one could confirm it (the devnet's two).
   */
  confirm: boolean;
}

export type Verdict =
  | { kind: 'accept'; output: Tensor; agreeing: string[]; disagreeing: string[] }
  /** A qualifying group of new nodes only: reputations may learn from it, but the task needs one more result, from an established node. */
  | { kind: 'provisional'; output: Tensor; agreeing: string[]; disagreeing: string[]; results: number }
  | { kind: 'need'; results: number }
  | { kind: 'fail'; reason: string };

/** Decides a task from the votes so far: accept the heaviest qualifying group, ask for more, or give up. */
export function decide(votes: readonly Vote[], tolerance: Tolerance, policy: QuorumPolicy): Verdict {
  const groups: Vote[][] = [];
  for (const vote of votes) {
    const group = groups.find((g) => outputsAgree(g[0]!.output, vote.output, tolerance));
    if (group) group.push(vote);
    else groups.push([vote]);
  }
  const weightOf = (g: Vote[]) => g.reduce((sum, v) => sum + v.weight, 0);
  const qualifies = (g: Vote[]) =>
    g.length >= 2 ? weightOf(g) >= policy.quorumWeight : policy.initialResults === 1 && votes.length === 1 && g[0]!.weight >= policy.soloWeight;
  const winner = groups.filter(qualifies).sort((a, b) => weightOf(b) - weightOf(a) || b.length - a.length)[0];
  if (winner) {
    const outcome = { output: winner[0]!.output, agreeing: winner.map((v) => v.nodeId), disagreeing: votes.filter((v) => !winner.includes(v)).map((v) => v.nodeId) };
    if (!policy.confirm || winner.some((v) => v.established)) return { kind: 'accept', ...outcome };
    if (votes.length < policy.maxResults) return { kind: 'provisional', ...outcome, results: votes.length + 1 };
    return { kind: 'fail', reason: `the answer of ${winner.length} agreeing new nodes was not confirmed by an established node within ${votes.length} results` };
  }
  if (votes.length >= policy.maxResults) {
    return { kind: 'fail', reason: `no agreement among ${votes.length} results (${groups.length} different answers)` };
  }
  return { kind: 'need', results: Math.max(policy.initialResults, votes.length + (votes.length >= policy.initialResults ? 1 : 0)) };
}

/** A node's standing: falls fast on a wrong answer, recovers slowly on right ones. */
export interface Reputation {
  score: number;
  /** Consecutive valid results. */
  streak: number;
  canaryPasses: number;
}

export const initialReputation: Reputation = { score: 0.5, streak: 0, canaryPasses: 0 };

export interface ReputationPolicy {
  /** Fraction of the distance to 1 regained per valid result. */
  recovery: number;
  /** Factor applied per invalid result. */
  penalty: number;
  /** Canaries a node must pass before its answers count in a quorum (0 when no canaries exist). */
  probationCanaries: number;
  /**
   * The score at which a node is established: its answers can confirm a quorum of new nodes.
   * Only agreement with verdicts on real tasks raises a score (see afterValid), so this takes
   * seven of them in a row from a fresh start (0.5 → 0.65), and more after a lost vote.
   */
  establishedScore: number;
  /** BOINC-style adaptive replication: a task runs once on a node with this streak and score. */
  trustedStreak: number;
  trustedScore: number;
}

export const defaultReputationPolicy: ReputationPolicy = {
  recovery: 0.05,
  penalty: 0.5,
  probationCanaries: 1,
  establishedScore: 0.65,
  trustedStreak: 20,
  trustedScore: 0.9,
};

/**
 * A valid result. A passed canary proves only that the node can run the model: the canary set is
 * small and fixed, so a liar can learn to recognise it and answer it right while lying on real
 * tasks. It lets the node out of probation but does not raise its score, which only agreement on
 * real tasks (that a liar cannot tell from one another) does; a failed canary still halves it.
 */
export function afterValid(rep: Reputation, policy: ReputationPolicy, canary = false): Reputation {
  return {
    score: canary ? rep.score : rep.score + (1 - rep.score) * policy.recovery,
    streak: rep.streak + 1,
    canaryPasses: rep.canaryPasses + (canary ? 1 : 0),
  };
}

export function afterInvalid(rep: Reputation, policy: ReputationPolicy): Reputation {
  return { score: rep.score * policy.penalty, streak: 0, canaryPasses: rep.canaryPasses };
}

export function quorumWeight(rep: Reputation, policy: ReputationPolicy): number {
  return rep.canaryPasses >= policy.probationCanaries ? rep.score : 0;
}

export function isEstablished(rep: Reputation, policy: ReputationPolicy): boolean {
  return quorumWeight(rep, policy) >= policy.establishedScore;
}

export function isTrusted(rep: Reputation, policy: ReputationPolicy): boolean {
  return quorumWeight(rep, policy) >= policy.trustedScore && rep.streak >= policy.trustedStreak;
}
