import { Pie } from '@visx/shape';
import type { StakingOverview } from '../../../../src/common/staking';
import { formatTokens } from '../../amounts';
import { formatDateTime } from '../../format';
import { shareLabel, type StakeDistribution as Distribution } from '../../stake-distribution';
import { apyLabel, lockLabel } from '../../staking';
import { useStore } from '../../state/store';

const SIZE = 180;
const RADIUS = SIZE / 2;
/** Lock periods beyond this many share the palette's colours again. */
const COLOURS = 5;

/** The owner's stake as a donut by lock period, with a table saying the same in words, and the next unlock. */
export function StakeDistribution({ overview, distribution }: { overview: StakingOverview; distribution: Distribution }) {
  const goTo = useStore((s) => s.goTo);
  const { total, groups, nextUnlock, unlocked } = distribution;

  if (groups.length === 0) {
    const options = overview.options;
    const best = options.reduce((max, o) => Math.max(max, o.apyBps), 0);
    const terms = options.length ? `${lockLabel(Math.min(...options.map((o) => o.durationSeconds)))} to ${lockLabel(Math.max(...options.map((o) => o.durationSeconds)))}` : null;
    return (
      <section className="card empty" aria-labelledby="stake-distribution-title">
        <h2 id="stake-distribution-title">Stake distribution</h2>
        <p>
          Nothing staked yet.{terms ? ` Lock PLEXAI for ${terms} to earn up to ${apyLabel(best)} APY.` : ''}
        </p>
        <div className="button-row">
          <button type="button" className="primary" onClick={() => goTo('staking')}>
            Stake PLEXAI
          </button>
        </div>
      </section>
    );
  }

  const summary = groups.map((g) => `${formatTokens(g.amount)} PLEXAI for ${g.label} (${shareLabel(g.share)})`).join(', ');
  return (
    <section className="card" aria-labelledby="stake-distribution-title">
      <h2 id="stake-distribution-title">Stake distribution</h2>
      <div className="stake-distribution">
        <svg className="stake-donut" viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={`Staked PLEXAI by lock period: ${summary}`}>
          <g transform={`translate(${RADIUS} ${RADIUS})`}>
            <Pie data={groups} pieValue={(g) => g.share} pieSortValues={null} outerRadius={RADIUS} innerRadius={RADIUS * 0.62} padAngle={groups.length > 1 ? 0.02 : 0}>
              {(pie) => pie.arcs.map((arc, i) => <path key={arc.data.durationSeconds} d={pie.path(arc) ?? ''} className={`lock-fill lock-${i % COLOURS}`} />)}
            </Pie>
          </g>
          <text x={RADIUS} y={RADIUS - 4} textAnchor="middle" className="stake-donut-total">
            {formatTokens(total, 2)}
          </text>
          <text x={RADIUS} y={RADIUS + 14} textAnchor="middle" className="stake-donut-unit">
            PLEXAI staked
          </text>
        </svg>
        <div className="table-wrap">
          <table aria-label="Staked PLEXAI by lock period">
            <thead>
              <tr>
                <th scope="col">Lock period</th>
                <th scope="col" className="num">
                  Staked
                </th>
                <th scope="col" className="num">
                  Share
                </th>
                <th scope="col" className="num">
                  Positions
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g, i) => (
                <tr key={g.durationSeconds}>
                  <th scope="row" className="nowrap">
                    <span className={`swatch lock-${i % COLOURS}`} aria-hidden="true" />
                    {g.label}
                  </th>
                  <td className="num">{formatTokens(g.amount)} PLEXAI</td>
                  <td className="num">{shareLabel(g.share)}</td>
                  <td className="num">{g.positions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <p className="source" data-testid="next-unlock">
        {nextUnlock
          ? `Next unlock: ${formatTokens(nextUnlock.amount)} PLEXAI on ${formatDateTime(nextUnlock.at)}${nextUnlock.positions > 1 ? ` (${nextUnlock.positions} positions)` : ''}.`
          : 'Every position’s lock has ended.'}
        {unlocked.positions > 0 && ` ${formatTokens(unlocked.amount)} PLEXAI is unlocked and can be unstaked without the early-unstake penalty.`}
      </p>
    </section>
  );
}
