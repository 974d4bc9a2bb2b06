import { chainInfo, explorerAddressUrl } from '../../../../src/common/chains';
import type { ClaimProgress } from '../../../../src/common/earnings';
import type { StakingActivity } from '../../../../src/common/staking';
import type { TransactionFeed } from '../../../../src/common/transactions';
import { formatTokens } from '../../amounts';
import { formatDate, formatDateTime, formatRecent } from '../../format';
import { kindTitles, transactionRows, type TransactionRow } from '../../transactions';
import { shortenAddress } from '../../wallet';
import { Loading } from '../Loading';

/** The wallet's stakes, unstakes, claims and transfers, newest first, each with its explorer link where the chain has one. */
export function RecentTransactions({
  feed,
  error,
  activity,
  claim,
}: {
  feed: TransactionFeed | null;
  error: string | null;
  activity: StakingActivity | null;
  claim: ClaimProgress;
}) {
  const rows = feed ? transactionRows(feed, activity, claim) : [];
  const explorer = feed ? chainInfo(feed.chainId)?.explorer ?? null : null;
  const history = feed?.account ? explorerAddressUrl(feed.chainId, feed.account) : null;
  return (
    <section className="card" aria-labelledby="transactions-title">
      <h2 id="transactions-title">Recent transactions</h2>
      {error && (
        <p className="verdict no" role="alert">
          {error}
        </p>
      )}
      {!feed ? (
        !error && <Loading>Reading your transactions from the chain…</Loading>
      ) : rows.length === 0 ? (
        <p className="muted">No PLEXAI has moved in or out of this wallet{feed.complete ? '' : ' in the blocks read'} yet. Stakes, claims and transfers appear here as they happen.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Recent transactions">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">When</th>
                <th scope="col">Status</th>
                <th scope="col">Transaction</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <td>
                    {kindTitles[row.kind]}
                    <Detail row={row} />
                  </td>
                  <td className={`num amount ${row.amount !== null && row.amount < 0n ? 'out' : 'in'}`}>{amountText(row.amount)}</td>
                  <td className="nowrap" title={row.at === null ? undefined : formatDateTime(row.at)}>
                    {row.at === null ? 'Just now' : formatRecent(row.at)}
                  </td>
                  <td>
                    <span className={`badge ${row.status === 'confirmed' ? 'ok' : row.status === 'failed' ? 'no' : 'pending'}`}>{statusWords[row.status]}</span>
                  </td>
                  <td>
                    {row.url ? (
                      <a href={row.url} target="_blank" rel="noopener noreferrer">
                        View on {explorerName(explorer)}
                        <span className="visually-hidden"> (opens in your browser)</span>
                      </a>
                    ) : (
                      <span className="muted" title={row.hash ?? undefined}>
                        Local devnet
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {feed && (
        <p className="source">
          {explorer === null
            ? 'Read from the local devnet’s chain, which no public explorer indexes.'
            : feed.complete
              ? `Read from ${chainInfo(feed.chainId)!.name}.`
              : `Read from ${chainInfo(feed.chainId)!.name} since block ${feed.fromBlock.toLocaleString()}.`}
          {!feed.complete && history && (
            <>
              {' '}
              <a href={history} target="_blank" rel="noopener noreferrer">
                Older transactions on {explorerName(explorer)}
                <span className="visually-hidden"> (opens in your browser)</span>
              </a>
            </>
          )}
        </p>
      )}
    </section>
  );
}

const statusWords: Record<TransactionRow['status'], string> = { pending: 'Pending', confirmed: 'Confirmed', failed: 'Failed' };

function explorerName(explorer: string | null): string {
  return explorer?.includes('bscscan.com') ? 'BscScan' : 'the explorer';
}

/** Signed, with more decimals below one PLEXAI, where a fresh staking reward would otherwise read "< 0.0001". */
function amountText(amount: bigint | null): string {
  if (amount === null) return '—';
  const abs = amount < 0n ? -amount : amount;
  return `${amount < 0n ? '\u2212' : '+'}${formatTokens(abs, abs < 10n ** 18n ? 8 : 4)} PLEXAI`;
}

function Detail({ row }: { row: TransactionRow }) {
  const e = row.entry;
  if (!e) return null;
  const positions = e.positionIds?.length ? `Position${e.positionIds.length === 1 ? '' : 's'} ${e.positionIds.join(', ')}` : null;
  let text: string | null = null;
  if (e.kind === 'stake') text = `${positions ?? ''}${e.lockEnd ? `, locked until ${formatDate(e.lockEnd)}` : ''}`;
  else if (e.kind === 'unstake') {
    text = `${positions ?? ''}: ${formatTokens(e.amount)} principal + ${formatTokens(e.reward ?? '0')} reward`;
    if (e.penalty && e.penalty !== '0') text += `; ${formatTokens(e.penalty)} PLEXAI early-unstake penalty kept`;
  } else if (e.kind === 'staking-claim') text = positions;
  else if (e.counterparty) text = `${e.kind === 'transfer-in' ? 'from' : 'to'} ${shortenAddress(e.counterparty)}`;
  return text ? <span className="hint tx-detail">{text}</span> : null;
}
