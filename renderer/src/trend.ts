import type { DayReward, EpochReward } from '../../src/common/earnings';
import { formatTokens } from './amounts';
import { formatClock } from './format';

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

/** Where a point sits on the time axis, in words: the epoch's end for Day, the UTC day ("Nov 25") for Week and Month. */
export function axisLabel(range: TrendRange, point: TrendPoint, now: number): string {
  if (range === 'day') return formatClock(new Date(point.at), new Date(now));
  return new Date(point.at).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** One point read out, as hovering or the arrow keys select it: "Epoch 7, ended 06:49 AM: 45,000 PLEXAI". */
export function pointLabel(range: TrendRange, point: TrendPoint, now: number): string {
  const when =
    range === 'day'
      ? `${point.label}, ended ${axisLabel(range, point, now)}`
      : new Date(point.at).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });
  return `${when}: ${formatTokens(point.wei)} PLEXAI`;
}

const rangeWords: Record<TrendRange, string> = { day: 'the last 24 h', week: 'the last 7 days', month: 'the last 30 days' };

/**
 * What stands in the chart's place when there is nothing to draw: no settled epoch, or a period
 * that paid nothing (a flat line along the bottom of a large empty chart reads as broken).
 */
export function emptyTrend(range: TrendRange, points: readonly TrendPoint[]): { headline: string; hint: string } | null {
  if (points.length === 0) {
    return { headline: 'No epoch has settled in the last 24 h.', hint: 'Each epoch adds a point here when it settles; Week and Month show the days before.' };
  }
  if (points.every((p) => p.wei === 0n)) {
    return {
      headline: `Nothing paid to this address in ${rangeWords[range]}.`,
      hint: 'The line appears when a settled epoch pays it; the reward history below says what each epoch counted.',
    };
  }
  return null;
}

/** The line under the chart while no point is selected; a lone point says in words that it is the only one so far. */
export function trendSummary(range: TrendRange, points: readonly TrendPoint[], now: number): string {
  if (range === 'day' && points.length === 1) {
    return `${pointLabel(range, points[0]!, now)}, the only epoch settled in the last 24 h so far. Each epoch that settles adds a point, and the line appears from the second.`;
  }
  const total = points.reduce((sum, p) => sum + p.wei, 0n);
  return `${formatTokens(total)} PLEXAI in this period. Hover the chart, or focus it and use the arrow keys, to read each point.`;
}

/** A value on the chart's scale, kept short: "0", "500", "45K", "1.2M". */
export function formatAxisValue(tokens: number): string {
  return tokens.toLocaleString(undefined, { notation: 'compact', maximumFractionDigits: 1 });
}
