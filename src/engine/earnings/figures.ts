import type { ChangingFigure, DayReward, EpochReward, NetworkFigures } from '../../common/earnings';
import type { Earnings, NetworkStats } from '../../common/protocol';

/** What is left to claim: everything earned under the latest root minus what was already paid. */
export function claimableOf(cumulative: bigint, claimed: bigint): bigint {
  // The chain's `claimed` can run ahead of the coordinator's proof for a moment (a claim under a
  // newer root landed first); nothing is claimable then, never a negative amount.
  return cumulative > claimed ? cumulative - claimed : 0n;
}

/**
 * The dashboard's network figures as the coordinator reports them: tasks in 24 h against the 24 h
 * before, active nodes and aggregate compute against its sample of them taken a day before.
 */
export function networkFigures(stats: NetworkStats): NetworkFigures {
  const sampled = (value: number, changePercent: number | null): ChangingFigure => ({
    value,
    changePercent: stats.comparedToSampleAt === null ? null : changePercent,
    comparedTo: stats.comparedToSampleAt === null || changePercent === null ? null : '24h-ago',
  });
  return {
    activeNodes: sampled(stats.activeNodes, stats.activeNodesChangePercent),
    tasks24h: {
      value: stats.tasks24h,
      changePercent: stats.tasksChangePercent,
      comparedTo: stats.tasksChangePercent === null ? null : 'previous-24h',
    },
    computeGflops: sampled(stats.computeGflops, stats.computeGflopsChangePercent),
    epoch: stats.epoch,
  };
}

/** The coordinator's per-epoch earnings as the dashboard lists them: newest first, at most `limit`. */
export function recentEpochs(earnings: Earnings, limit: number): EpochReward[] {
  return [...earnings.epochs]
    .sort((a, b) => b.epoch - a.epoch)
    .slice(0, limit)
    .map((e) => ({
      epoch: e.epoch,
      startedAt: e.startedAt,
      endedAt: e.endedAt,
      amount: e.amount,
      tasks: e.tasks,
      rejected: e.rejected,
      uptimePercent: Math.max(0, Math.min(100, e.uptimePercent)),
      explanation: e.explanation.slice(0, 2000),
    }));
}

/** When to read again: at the next interval, or just after the current epoch settles if sooner. */
export function nextRefreshDelay(now: number, intervalMs: number, epochEndsAt: number | null, settleDelayMs: number): number {
  if (epochEndsAt === null) return intervalMs;
  const untilSettled = epochEndsAt + settleDelayMs - now;
  return untilSettled > 0 ? Math.min(intervalMs, untilSettled) : intervalMs;
}

/** The coordinator's per-day earnings, oldest first, the most recent `limit` days that paid. */
export function recentDays(earnings: Earnings, limit: number): DayReward[] {
  return [...earnings.days]
    .sort((a, b) => a.day.localeCompare(b.day))
    .slice(-limit)
    .map((d) => ({ day: d.day, amount: d.amount, tasks: d.tasks }));
}
