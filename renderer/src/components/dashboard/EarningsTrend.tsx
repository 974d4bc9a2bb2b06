import { localPoint } from '@visx/event';
import { LinearGradient } from '@visx/gradient';
import { scaleLinear } from '@visx/scale';
import { AreaClosed, LinePath } from '@visx/shape';
import { useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { EarningsState } from '../../../../src/common/earnings';
import { formatTokens } from '../../amounts';
import { axisLabel, emptyTrend, formatAxisValue, plotValue, pointLabel, trendSeries, trendSummary, type TrendRange } from '../../trend';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 20, right: 16, bottom: 12, left: 16 };
/** About this many gridlines; the scale ends on one, so the highest point never floats above the last label. */
const TICKS = 3;
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

  const empty = emptyTrend(range, points);
  const lone = points.length === 1;
  const peak = Math.max(0, ...points.map((p) => plotValue(p.wei)));
  // A lone point stands in the middle rather than against the left edge.
  const x = lone ? () => WIDTH / 2 : scaleLinear({ domain: [0, points.length - 1], range: [PAD.left, WIDTH - PAD.right] });
  const y = scaleLinear({ domain: [0, peak > 0 ? peak : 1], range: [HEIGHT - PAD.bottom, PAD.top], nice: TICKS });
  // Gridlines only where there is something to measure: a zero line needs no scale.
  const ticks = peak > 0 ? y.ticks(TICKS).filter((t) => t > 0) : [];
  const onPointer = (event: PointerEvent<SVGSVGElement>) => {
    const point = localPoint(event);
    if (!point || points.length === 0) return;
    // The SVG scales with its box: map the pointer back to viewBox units.
    const box = event.currentTarget.getBoundingClientRect();
    const vx = (point.x / box.width) * WIDTH;
    setActive(lone ? 0 : Math.max(0, Math.min(points.length - 1, Math.round(((vx - PAD.left) / (WIDTH - PAD.left - PAD.right)) * (points.length - 1)))));
  };
  const choose = (next: TrendRange) => {
    setRange(next);
    setActive(null);
  };
  const onRangeKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const index = (ranges.findIndex((r) => r.id === range) + step + ranges.length) % ranges.length;
    choose(ranges[index]!.id);
    (event.currentTarget.children[index] as HTMLElement).focus();
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
        {/* One Tab stop for the group, the arrow keys choose within it: the radio group pattern screen readers announce. */}
        <div className="segmented" role="radiogroup" aria-label="Period" onKeyDown={onRangeKey}>
          {ranges.map((r) => (
            <button
              key={r.id}
              type="button"
              role="radio"
              aria-checked={range === r.id}
              tabIndex={range === r.id ? 0 : -1}
              onClick={() => choose(r.id)}
            >
              {r.label}
            </button>
          ))}
        </div>
      </div>
      {empty ? (
        <div className="trend-empty">
          <p>{empty.headline}</p>
          <p className="hint">{empty.hint}</p>
        </div>
      ) : (
        <>
          <div className="trend-plot">
            <svg
              className="trend-chart"
              viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
              role="img"
              aria-label={`Mining rewards, ${ranges.find((r) => r.id === range)!.label.toLowerCase()}: ${formatTokens(total)} PLEXAI over ${points.length} point${lone ? '' : 's'}`}
              tabIndex={0}
              onPointerMove={onPointer}
              onPointerLeave={() => setActive(null)}
              onKeyDown={onKey}
              onBlur={() => setActive(null)}
            >
              <LinearGradient id="trend-fill" from="var(--accent)" to="var(--accent)" fromOpacity={0.35} toOpacity={0.02} />
              {ticks.map((t) => (
                <line key={t} className="trend-grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} />
              ))}
              <line className="trend-baseline" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
              {lone ? (
                <g>
                  <line x1={x(0)} x2={x(0)} y1={y(0)} y2={y(plotValue(points[0]!.wei))} stroke="var(--accent)" strokeWidth={2} />
                  <circle cx={x(0)} cy={y(plotValue(points[0]!.wei))} r={6} fill="var(--accent)" stroke="var(--panel)" strokeWidth={2} />
                </g>
              ) : (
                <>
                  <AreaClosed data={points} x={(_, i) => x(i)} y={(p) => y(plotValue(p.wei))} yScale={y} fill="url(#trend-fill)" />
                  <LinePath data={points} x={(_, i) => x(i)} y={(p) => y(plotValue(p.wei))} stroke="var(--accent)" strokeWidth={2} />
                </>
              )}
              {active !== null && (
                <g>
                  <line x1={x(active)} x2={x(active)} y1={PAD.top} y2={HEIGHT - PAD.bottom} stroke="var(--muted)" strokeDasharray="3 3" />
                  <circle cx={x(active)} cy={y(plotValue(points[active]!.wei))} r={5} fill="var(--accent)" stroke="var(--panel)" strokeWidth={2} />
                </g>
              )}
            </svg>
            {/* Text outside the SVG keeps its size as the chart scales with the window; the SVG's height follows its width, so percentages line up. */}
            {ticks.map((t) => (
              <span key={t} className="trend-tick" aria-hidden="true" style={{ top: `${(y(t) / HEIGHT) * 100}%`, right: `${(PAD.right / WIDTH) * 100}%` }}>
                {formatAxisValue(t)}
              </span>
            ))}
            {lone && (
              <span className="trend-value" aria-hidden="true" style={{ top: `${(y(plotValue(points[0]!.wei)) / HEIGHT) * 100}%`, left: '50%' }}>
                {formatTokens(points[0]!.wei)} PLEXAI
              </span>
            )}
          </div>
          <div className={`trend-axis${lone ? ' lone' : ''}`} aria-hidden="true">
            <span>{axisLabel(range, points[0]!, now)}</span>
            {!lone && <span>{axisLabel(range, points[points.length - 1]!, now)}</span>}
          </div>
          <p className="trend-readout" aria-live="polite">
            {active !== null ? pointLabel(range, points[active]!, now) : trendSummary(range, points, now)}
          </p>
        </>
      )}
    </section>
  );
}
