import type { NetworkStats } from '../common/protocol';
import type { NetworkSample } from './store';

export const DAY_MS = 86_400_000;

/** Change from `previous` to `current` in percent; null where there is nothing to compare against. */
export function changePercent(current: number, previous: number | null | undefined): number | null {
  if (previous === null || previous === undefined || !Number.isFinite(previous) || previous === 0) return null;
  return ((current - previous) / previous) * 100;
}

/**
 * Where to look for the sample to compare with: taken 24 h before `now`, or up to two sampling
 * intervals earlier (one missed sample is no reason to show no change). A coordinator that was down
 * then has none, and reports no change rather than one against an older day.
 */
export function dayAgoWindow(now: number, sampleMs: number): { from: number; to: number } {
  return { from: now - DAY_MS - 2 * sampleMs, to: now - DAY_MS };
}

/** The figures GET /v1/stats answers: live ones now, each with its change against a day before. */
export function networkStatsOf(input: {
  live: Omit<NetworkSample, 'at'>;
  tasks: { last24h: number; previous24h: number };
  dayAgo: NetworkSample | null;
  epoch: NetworkStats['epoch'];
}): NetworkStats {
  const { live, tasks, dayAgo } = input;
  return {
    activeNodes: live.activeNodes,
    tasks24h: tasks.last24h,
    tasksPrevious24h: tasks.previous24h,
    tasksChangePercent: changePercent(tasks.last24h, tasks.previous24h),
    computeGflops: live.computeGflops,
    activeNodesChangePercent: changePercent(live.activeNodes, dayAgo?.activeNodes),
    computeGflopsChangePercent: changePercent(live.computeGflops, dayAgo?.computeGflops),
    comparedToSampleAt: dayAgo?.at ?? null,
    epoch: input.epoch,
  };
}
