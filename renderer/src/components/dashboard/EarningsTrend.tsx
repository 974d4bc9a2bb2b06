import { localPoint } from '@visx/event';
import { LinearGradient } from '@visx/gradient';
import { scaleLinear } from '@visx/scale';
import { AreaClosed, LinePath } from '@visx/shape';
import { useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { EarningsState } from '../../../../src/common/earnings';
import { formatTokens } from '../../amounts';
import { formatClock } from '../../format';
import { plotValue, trendSeries, type TrendRange } from '../../trend';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 16, right: 16, bottom: 24, left: 16 };
const ranges: { id: TrendRange; label: string }[] = [
  { id: 'day', label: 'Day' },
  { id: 'week', label: 'Week' },
  { id: 'month', label: 'Month' },
];

/** Mining rewards over time: an SVG line with a gradient fill; hover, or focus and use the arrow keys, to read a point. */
export function EarningsTrend({ earnings }: { earnings: EarningsState }) {
  const [range, setRange] = useState<TrendRange>('day');
  const [active, setActive] = useState<number | null>(null);
  const now = earnings.updatedAt ?? 0;
  const points = useMemo(() => trendSeries(range, earnings.epochs, earnings.days, now), [range, earnings.epochs, earnings.days, now]);
  const total = points.reduce((sum, p) => sum + p.wei, 0n);

  const x = scaleLinear({ domain: [0, Math.max(1, points.length - 1)], range: [PAD.left, WIDTH - PAD.right] });
  const y = scaleLinear({ domain: [0, Math.max(...points.map((p) => plotValue(p.wei)), 1e-9)], range: [HEIGHT - PAD.bottom, PAD.top], nice: true });
  const pointLabel = (i: number) => {
    const p = points[i]!;
    const when = range === 'day' ? `${p.label}, ended ${formatClock(new Date(p.at))}` : p.label;
    return `${when}: ${formatTokens(p.wei)} PLEXAI`;
  };
  const onPointer = (event: PointerEvent<SVGSVGElement>) => {
    const point = localPoint(event);
    if (!point || points.length === 0) return;
    // The SVG scales with its box: map the pointer back to viewBox units.
    const box = event.currentTarget.getBoundingClientRect();
    const vx = (point.x / box.width) * WIDTH;
    setActive(Math.max(0, Math.min(points.length - 1, Math.round(x.invert(vx)))));
  };
  const onKey = (event: KeyboardEvent<SVGSVGElement>) => {
    if (points.length === 0) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      const step = event.key === 'ArrowRight' ? 1 : -1;
      setActive((i) => Math.max(0, Math.min(points.length - 1, (i ?? (step > 0 ? -1 : points.length)) + step)));
    }
  };

  return (
    <section className="card" aria-labelledby="trend-title">
      <div className="card-header">
        <h2 id="trend-title">Earnings trend</h2>
        <div className="segmented" role="radiogroup" aria-label="Period">
          {ranges.map((r) => (
            <button key={r.id} type="button" role="radio" aria-checked={range === r.id} onClick={() => (setRange(r.id), setActive(null))}>
              {r.label}
            </button>
          ))}
        </div>
      </div>
      {points.length === 0 ? (
        <p className="muted">No epoch settled in the last 24 h paid this address; choose Week or Month for longer.</p>
      ) : (
        <>
          <svg
            className="trend-chart"
            viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
            role="img"
            aria-label={`Mining rewards, ${ranges.find((r) => r.id === range)!.label.toLowerCase()}: ${formatTokens(total)} PLEXAI over ${points.length} points`}
            tabIndex={0}
            onPointerMove={onPointer}
            onPointerLeave={() => setActive(null)}
            onKeyDown={onKey}
            onBlur={() => setActive(null)}
          >
            <LinearGradient id="trend-fill" from="var(--accent)" to="var(--accent)" fromOpacity={0.35} toOpacity={0.02} />
            <AreaClosed data={points} x={(_, i) => x(i)} y={(p) => y(plotValue(p.wei))} yScale={y} fill="url(#trend-fill)" />
            <LinePath data={points} x={(_, i) => x(i)} y={(p) => y(plotValue(p.wei))} stroke="var(--accent)" strokeWidth={2} />
            {points.length === 1 && <circle cx={x(0)} cy={y(plotValue(points[0]!.wei))} r={4} fill="var(--accent)" />}
            {active !== null && (
              <g>
                <line x1={x(active)} x2={x(active)} y1={PAD.top} y2={HEIGHT - PAD.bottom} stroke="var(--muted)" strokeDasharray="3 3" />
                <circle cx={x(active)} cy={y(plotValue(points[active]!.wei))} r={5} fill="var(--accent)" stroke="var(--panel)" strokeWidth={2} />
              </g>
            )}
          </svg>
          <p className="trend-readout" aria-live="polite">
            {active !== null ? pointLabel(active) : `${formatTokens(total)} PLEXAI in this period. Hover the chart, or focus it and use the arrow keys, to read each point.`}
          </p>
        </>
      )}
    </section>
  );
}
