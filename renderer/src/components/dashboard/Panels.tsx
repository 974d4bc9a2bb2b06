import type { ChangingFigure, EarningsState, NetworkFigures } from '../../../../src/common/earnings';
import { formatChange, formatCompute, formatTokens, formatUsd } from '../../amounts';
import { formatClock } from '../../format';
import { ShowMoreButton, useShowMore } from '../ShowMore';

/** Staked PLEXAI and its unclaimed reward; `null` while not read yet, `undefined` where this network has no staking. */
export type StakedFigures = { staked: bigint; pending: bigint } | null | undefined;

/**
 * Total value, PLEXAI held, staked and claimable (mining and staking rewards); USD only where a
 * price source exists, and then named. The total waits until every part of it is known.
 */
export function AssetOverview({ earnings, staking }: { earnings: EarningsState; staking: StakedFigures }) {
  const held = earnings.balance;
  const mining = earnings.rewards?.claimable ?? null;
  const claimable = mining === null || staking === null ? null : BigInt(mining) + (staking?.pending ?? 0n);
  const total = held !== null && claimable !== null && staking !== null ? BigInt(held) + claimable + (staking?.staked ?? 0n) : null;
  return (
    <section className="card" aria-labelledby="assets-title">
      <h2 id="assets-title">Asset overview</h2>
      <dl className="facts big-facts">
        {earnings.price && (
          <div>
            <dt>Total value</dt>
            <dd data-testid="total-usd">{total === null ? '—' : formatUsd(total, earnings.price.usd)}</dd>
          </div>
        )}
        <div>
          <dt>PLEXAI held</dt>
          <dd data-testid="plexai-held">{held === null ? '—' : `${formatTokens(held)} PLEXAI`}</dd>
        </div>
        {staking !== undefined && (
          <div>
            <dt>Staked</dt>
            <dd data-testid="plexai-staked">{staking === null ? '—' : `${formatTokens(staking.staked)} PLEXAI`}</dd>
          </div>
        )}
        <div>
          <dt>Claimable</dt>
          <dd data-testid="plexai-claimable">{claimable === null ? '—' : `${formatTokens(claimable)} PLEXAI`}</dd>
        </div>
      </dl>
      <p className="source">
        {earnings.price
          ? `Total is ${staking === undefined ? 'held and claimable' : 'held, staked and claimable'} PLEXAI${staking === undefined ? '' : ' (claimable: mining and staking rewards)'}. ${earnings.price.source}.`
          : 'No USD value is shown: this network has no PLEXAI price source in this version.'}
      </p>
    </section>
  );
}

function Change({ figure, label }: { figure: ChangingFigure; label: string }) {
  if (figure.changePercent === null || figure.comparedTo === null) {
    return <span className="change flat">No earlier figure to compare yet</span>;
  }
  const against = figure.comparedTo === 'previous-24h' ? 'the previous 24 h' : '24 h ago';
  const direction = figure.changePercent > 0.05 ? 'up' : figure.changePercent < -0.05 ? 'down' : 'flat';
  if (direction === 'flat') {
    return <span className="change flat">Same as {against}</span>;
  }
  return (
    <span className={`change ${direction}`} aria-label={`${label} ${direction} ${formatChange(figure.changePercent)} since ${against}`}>
      <span aria-hidden="true">{direction === 'up' ? '\u25B2' : '\u25BC'}</span> {formatChange(figure.changePercent)} <span className="since">vs {against}</span>
    </span>
  );
}

/** Active nodes, tasks in 24 h and aggregate compute, each with its change. */
export function NetworkStatistics({ network, updatedAt }: { network: NetworkFigures | null; updatedAt: number | null }) {
  return (
    <section className="card" aria-labelledby="network-stats-title">
      <h2 id="network-stats-title">Network statistics</h2>
      {network === null ? (
        <p className="muted">The network’s figures have not been read yet.</p>
      ) : (
        <>
          <dl className="facts stat-facts">
            <div>
              <dt>Active nodes</dt>
              <dd data-testid="active-nodes">{network.activeNodes.value.toLocaleString()}</dd>
              <dd>
                <Change figure={network.activeNodes} label="Active nodes" />
              </dd>
            </div>
            <div>
              <dt>Tasks in 24 h</dt>
              <dd data-testid="tasks-24h">{network.tasks24h.value.toLocaleString()}</dd>
              <dd>
                <Change figure={network.tasks24h} label="Tasks in 24 h" />
              </dd>
            </div>
            <div>
              <dt>Aggregate compute</dt>
              <dd>{formatCompute(network.computeGflops.value)}</dd>
              <dd>
                <Change figure={network.computeGflops} label="Aggregate compute" />
              </dd>
            </div>
          </dl>
          <p className="source">
            Epoch {network.epoch.current} ends at {formatClock(new Date(network.epoch.endsAt))}. From the network’s coordinator
            {updatedAt ? `, read at ${formatClock(new Date(updatedAt))}` : ''}; nodes and compute are compared with the network 24 h ago, tasks with the 24 h before.
          </p>
        </>
      )}
    </section>
  );
}

/** What each settled epoch paid this address, and why. */
export function RewardHistory({ earnings }: { earnings: EarningsState }) {
  const { shown, hidden, showAll } = useShowMore(earnings.epochs);
  return (
    <section className="card" aria-labelledby="reward-history-title">
      <h2 id="reward-history-title">Reward history</h2>
      {earnings.epochs.length === 0 ? (
        <p className="muted">
          No settled epoch has paid this address yet. Each epoch’s reward appears here when it settles
          {earnings.network ? `; the current one ends at ${formatClock(new Date(earnings.network.epoch.endsAt))}` : ''}.
        </p>
      ) : (
        <>
          <div className="table-wrap">
            <table aria-label="Mining rewards per epoch">
              <thead>
                <tr>
                  <th scope="col">Epoch</th>
                  <th scope="col">Ended</th>
                  <th scope="col" className="num">
                    Reward
                  </th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((e) => (
                  <tr key={e.epoch}>
                    <td>{e.epoch}</td>
                    <td className="nowrap">{formatClock(new Date(e.endedAt))}</td>
                    <td className="num">{formatTokens(e.amount)} PLEXAI</td>
                    <td>{e.explanation}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ShowMoreButton hidden={hidden} noun={['earlier epoch', 'earlier epochs']} onClick={showAll} />
        </>
      )}
    </section>
  );
}
