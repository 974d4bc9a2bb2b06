import { useCallback, useEffect, useState } from 'react';
import type { NetworkState, TaskCounts, TaskHistoryEntry } from '../../../../src/common/api';
import { useClient } from '../../api/client-context';
import { formatClock } from '../../format';
import { useOnline } from '../../state/store';
import { shortTaskId } from './Devices';
import { EpochEarnings } from './EpochEarnings';
import { Loading } from '../Loading';
import { NetworkLine } from '../NetworkLine';
import { ShowMoreButton, useShowMore } from '../ShowMore';

/** The network connection, what it answered since the app started, and what the last settled epoch paid. */
export function NetworkAndTasks({ network, tasks }: { network: NetworkState; tasks: TaskCounts }) {
  return (
    <section className="card" aria-labelledby="work-title">
      <h2 id="work-title">Network and tasks</h2>
      <NetworkLine network={network} />
      <dl className="facts" aria-label="Tasks since the app started">
        <div>
          <dt>Accepted</dt>
          <dd>{tasks.accepted}</dd>
        </div>
        <div>
          <dt>Rejected</dt>
          <dd>{tasks.rejected}</dd>
        </div>
        <div>
          <dt>Duplicates</dt>
          <dd>{tasks.duplicate}</dd>
        </div>
        <div>
          <dt>Refused here</dt>
          <dd>{tasks.refused}</dd>
        </div>
        <div>
          <dt>Awaiting the network</dt>
          <dd>{tasks.awaitingAck}</dd>
        </div>
      </dl>
      <p className="source">Counted since the app started.</p>
      <h3 className="subhead">Earnings this epoch</h3>
      <EpochEarnings />
    </section>
  );
}

const outcomeWords: Record<TaskHistoryEntry['status'], string> = { accepted: 'Accepted', duplicate: 'Duplicate', rejected: 'Rejected' };

type HistoryState = { status: 'loading' } | { status: 'failed'; error: string } | { status: 'ready'; entries: TaskHistoryEntry[] };

/** The most recent settled tasks; fetched again whenever the counters say a task settled. */
export function RecentTasks({ settled }: { settled: number }) {
  const client = useClient();
  const online = useOnline();
  const [history, setHistory] = useState<HistoryState>({ status: 'loading' });
  const load = useCallback(() => {
    let current = true;
    client.getTaskHistory({ limit: 20 }).then(
      (entries) => current && setHistory({ status: 'ready', entries }),
      (error: Error) => current && setHistory({ status: 'failed', error: error.message }),
    );
    return () => {
      current = false;
    };
  }, [client]);
  useEffect(() => (online ? load() : undefined), [load, settled, online]);
  const { shown, hidden, showAll } = useShowMore(history.status === 'ready' ? history.entries : []);

  return (
    <section className="card" aria-labelledby="recent-title">
      <h2 id="recent-title">Recent tasks</h2>
      {history.status === 'loading' && (
        <Loading inline>Loading recent tasks…</Loading>
      )}
      {history.status === 'failed' && (
        <div role="alert">
          <p className="verdict no">Recent tasks could not be loaded: {history.error}</p>
          <button type="button" className="secondary" disabled={!online} onClick={() => (setHistory({ status: 'loading' }), load())}>
            Try again
          </button>
        </div>
      )}
      {history.status === 'ready' && history.entries.length === 0 && (
        <p className="muted">No tasks yet. Tasks arrive from the PlexAi network while mining runs; each appears here once the network has answered.</p>
      )}
      {history.status === 'ready' && history.entries.length > 0 && (
        <>
          <div className="table-wrap">
            <table aria-label="Recent tasks">
              <thead>
                <tr>
                  <th scope="col">Finished</th>
                  <th scope="col">Task</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((e) => (
                  <tr key={`${e.leaseId}-${e.at}`}>
                    <td className="nowrap">{formatClock(new Date(e.at))}</td>
                    <td>
                      <code title={e.taskId}>{shortTaskId(e.taskId)}</code>
                    </td>
                    <td>{e.kind === 'refusal' ? 'Refused by this miner' : outcomeWords[e.status]}</td>
                    <td>{e.reason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ShowMoreButton hidden={hidden} noun={['earlier task', 'earlier tasks']} onClick={showAll} />
        </>
      )}
    </section>
  );
}
