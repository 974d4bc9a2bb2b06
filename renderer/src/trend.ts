import type { DayReward, EpochReward } from '../../src/common/earnings';

export type TrendRange = 'day' | 'week' | 'month';

/** One point of the earnings trend: when, how much (wei), and its label. */
export interface TrendPoint {
  at: number;
  wei: bigint;
  label: string;
}

const DAY_MS = 86_400_000;

/**
 * The trend chart's series. Day: each settled epoch of the last 24 h (as the coordinator closed
 * them). Week and month: one point per UTC day, days that paid nothing shown as zero, not skipped.
 */
export function trendSeries(range: TrendRange, epochs: readonly EpochReward[], days: readonly DayReward[], now: number): TrendPoint[] {
  if (range === 'day') {
    return epochs
      .filter((e) => e.endedAt > now - DAY_MS)
      .sort((a, b) => a.endedAt - b.endedAt)
      .map((e) => ({ at: e.endedAt, wei: BigInt(e.amount), label: `Epoch ${e.epoch}` }));
  }
  const count = range === 'week' ? 7 : 30;
  const paid = new Map(days.map((d) => [d.day, BigInt(d.amount)]));
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const points: TrendPoint[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const at = today - i * DAY_MS;
    const day = new Date(at).toISOString().slice(0, 10);
    points.push({ at, wei: paid.get(day) ?? 0n, label: day });
  }
  return points;
}

/** Wei as a float of whole tokens, for plotting only (never for amounts shown as text). */
export function plotValue(wei: bigint): number {
  return Number(wei / 10n ** 12n) / 1e6;
}
