import { formatTokens } from '../../amounts';
import { formatClock } from '../../format';
import { useStore } from '../../state/store';

/**
 * The Mining page's earnings line: what the last settled epoch paid and why, and when the current
 * one settles. The network credits an epoch only when it ends, so a running epoch has no figure yet.
 */
export function EpochEarnings() {
  const earnings = useStore((s) => s.engine?.earnings);
  const goTo = useStore((s) => s.goTo);
  if (!earnings) return null;
  if (!earnings.available) return <p className="muted">{earnings.unavailableReason}</p>;
  if (!earnings.account) return <p className="muted">Connect a wallet: earnings are credited to its address when an epoch settles.</p>;
  if (earnings.updatedAt === null) return <p className="muted">{earnings.error ? `Not read: ${earnings.error.message}` : 'Reading…'}</p>;
  const last = earnings.epochs[0];
  const endsAt = earnings.network?.epoch.endsAt;
  return (
    <>
      <p data-testid="epoch-earnings">
        {last ? (
          <>
            Epoch {last.epoch} paid <strong>{formatTokens(last.amount)} PLEXAI</strong>: {last.explanation}.
          </>
        ) : (
          'No settled epoch has paid this address yet.'
        )}{' '}
        {endsAt ? `The current epoch settles at ${formatClock(new Date(endsAt))}; its credits count from then.` : ''}
      </p>
      <p>
        <button type="button" className="link-button secondary" onClick={() => goTo('dashboard')}>
          {BigInt(earnings.rewards?.claimable ?? '0') > 0n ? `Claim ${formatTokens(earnings.rewards!.claimable)} PLEXAI on the Dashboard` : 'See rewards on the Dashboard'}
        </button>
      </p>
    </>
  );
}
