import type { ChangingFigure, DayReward, EpochReward, NetworkFigures } from '../../common/earnings';
import type { Earnings, NetworkStats } from '../../common/protocol';

/** What is left to claim: everything earned under the latest root minus what was already paid. */
export function claimableOf(cumulative: bigint, claimed: bigint): bigint {
  // The chain's `claimed` can run ahead of the coordinator's proof for a moment (a claim under a
  // newer root landed first); nothing is claimable then, never a negative amount.
  return cumulative > claimed ? cumulative - claimed : 0n;
}

/** Change from `previous` to `current` in percent; null where there is nothing to compare against. */
export function changePercent(current: number, previous: number | null | undefined): number | null {
  if (previous === null || previous === undefined || !Number.isFinite(previous) || previous === 0) return null;
  return ((current - previous) / previous) * 100;
}

/** One reading of the network's live figures, kept to compare later readings against. */
export interface NetworkReading {
  at: number;
  activeNodes: number;
  computeGflops: number;
}

/**
 * The reading to compare `now` against: the oldest one still inside the last `windowMs` (24 h),
 * and at least `minAgeMs` old so a change is not measured over a few seconds. Null when none.
 */
export function baselineReading(readings: readonly NetworkReading[], now: number, windowMs: number, minAgeMs: number): NetworkReading | null {
  const eligible = readings.filter((r) => r.at >= now - windowMs && r.at <= now - minAgeMs);
  return eligible.reduce<NetworkReading | null>((oldest, r) => (oldest === null || r.at < oldest.at ? r : oldest), null);
}

/** Keeps the readings a 24 h comparison needs (and the newest), dropping older ones. */
export function pruneReadings(readings: readonly NetworkReading[], now: number, windowMs: number): NetworkReading[] {
  return readings.filter((r) => r.at >= now - windowMs);
}

/**
 * The dashboard's network figures: tasks in 24 h against the 24 h before (the coordinator counts
 * both); active nodes and aggregate compute against the oldest reading this app took in the
 * last 24 h, since the coordinator reports only their current value.
 */
export function networkFigures(stats: NetworkStats, baseline: NetworkReading | null): NetworkFigures {
  const live = (value: number, previous: number | undefined): ChangingFigure => ({
    value,
    changePercent: baseline ? changePercent(value, previous) : null,
    comparedTo: baseline ? { readingAt: baseline.at } : null,
  });
  return {
    activeNodes: live(stats.activeNodes, baseline?.activeNodes),
    tasks24h: {
      value: stats.tasks24h,
      changePercent: stats.tasksChangePercent,
      comparedTo: stats.tasksChangePercent === null ? null : 'previous-24h',
    },
    computeGflops: live(stats.computeGflops, baseline?.computeGflops),
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
