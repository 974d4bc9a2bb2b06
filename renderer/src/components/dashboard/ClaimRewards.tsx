import { useState } from 'react';
import type { ClaimEstimate, EarningsState } from '../../../../src/common/earnings';
import { useClient } from '../../api/client-context';
import { formatTokens } from '../../amounts';
import { formatClock } from '../../format';
import { useOnline } from '../../state/store';

type Step = { kind: 'idle' } | { kind: 'estimating' } | { kind: 'confirm'; estimate: ClaimEstimate } | { kind: 'refused'; message: string };

/** Claimable mining rewards, and the claim: estimate the gas, confirm, then the wallet signs. */
export function ClaimRewards({ earnings }: { earnings: EarningsState }) {
  const client = useClient();
  const online = useOnline();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const claimable = BigInt(earnings.rewards?.claimable ?? '0');
  const progress = earnings.claim;
  const underWay = progress.status === 'signing' || progress.status === 'pending';

  const estimate = () => {
    setStep({ kind: 'estimating' });
    client.estimateMiningClaim({}).then(
      (result) => setStep({ kind: 'confirm', estimate: result }),
      (error: Error) => setStep({ kind: 'refused', message: error.message }),
    );
  };
  const confirm = () => {
    setStep({ kind: 'idle' });
    // Progress and failure arrive through the engine's state (earnings.claim), shown below.
    client.claimMiningRewards({}).catch(() => undefined);
  };

  return (
    <section className="card claim-card" aria-labelledby="claim-title">
      <h2 id="claim-title">Claimable rewards</h2>
      <p className="claim-amount">
        <span data-testid="claimable-amount">{formatTokens(claimable)}</span> <span className="unit">PLEXAI</span>
      </p>
      <p className="source">
        Mining rewards settled on chain
        {earnings.rewards?.rootEpoch != null ? ` up to epoch ${earnings.rewards.rootEpoch}` : ''}; {formatTokens(earnings.rewards?.claimed ?? '0')} PLEXAI claimed
        before.
      </p>

      {step.kind === 'confirm' ? (
        <div className="claim-confirm" role="group" aria-labelledby="claim-confirm-title">
          <h3 id="claim-confirm-title" className="subhead">
            Claim {formatTokens(step.estimate.amount)} PLEXAI?
          </h3>
          <p>
            Estimated network fee: <strong data-testid="gas-fee">{formatTokens(step.estimate.feeWei, 6)} {step.estimate.nativeSymbol}</strong> (
            {Number(step.estimate.gasUnits).toLocaleString()} gas). Your wallet asks you to approve it.
          </p>
          <div className="button-row">
            <button type="button" className="primary" onClick={confirm} disabled={!online}>
              Confirm claim
            </button>
            <button type="button" className="secondary" onClick={() => setStep({ kind: 'idle' })}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="primary"
            onClick={estimate}
            disabled={!online || claimable === 0n || underWay || step.kind === 'estimating' || !earnings.account}
          >
            {step.kind === 'estimating' ? 'Estimating the fee…' : claimable === 0n ? 'Nothing to claim yet' : 'Claim rewards'}
          </button>
        </div>
      )}

      {step.kind === 'refused' && (
        <p className="verdict no" role="alert">
          {step.message}
        </p>
      )}
      <div aria-live="polite">
        {progress.status === 'signing' && (
          <p className="loading">
            <span className="spinner" aria-hidden="true" /> Approve the claim of {formatTokens(progress.amount)} PLEXAI in your wallet…
          </p>
        )}
        {progress.status === 'pending' && (
          <p className="loading">
            <span className="spinner" aria-hidden="true" /> Pending: waiting for the chain to confirm <code title={progress.hash}>{progress.hash.slice(0, 10)}…</code>
          </p>
        )}
        {progress.status === 'confirmed' && (
          <p className="claim-success" role="status">
            <span className="claim-check" aria-hidden="true">
              ✓
            </span>
            Claimed {formatTokens(progress.amount)} PLEXAI at {formatClock(new Date(progress.at))}; it is in your wallet now.
          </p>
        )}
      </div>
      {progress.status === 'failed' && (
        <p className="verdict no" role="alert">
          The claim did not go through: {progress.error.message}
        </p>
      )}
    </section>
  );
}
