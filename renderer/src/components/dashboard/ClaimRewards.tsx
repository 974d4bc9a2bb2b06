import { useState, type ReactNode } from 'react';
import type { ClaimEstimate, EarningsState } from '../../../../src/common/earnings';
import type { StakingActivity } from '../../../../src/common/staking';
import { useClient } from '../../api/client-context';
import { formatTokens } from '../../amounts';
import { formatClock } from '../../format';
import { isPending } from '../../staking';
import { useOnline } from '../../state/store';
import { TxHash } from '../TxHash';

/** Staking rewards not yet claimed and the staking write under way; `null` while not read yet, `undefined` where this network has no staking. */
export type StakingClaimable = { pending: bigint; positions: number; activity: StakingActivity | null } | null | undefined;

/** Claimable mining and staking rewards, each claimed in one click: the fee is estimated and confirmed first, then the wallet signs. */
export function ClaimRewards({ earnings, staking }: { earnings: EarningsState; staking: StakingClaimable }) {
  const client = useClient();
  const mining = BigInt(earnings.rewards?.claimable ?? '0');
  const progress = earnings.claim;
  const stakingActivity = staking?.activity?.action === 'claim' ? staking.activity : null;
  return (
    <section className="card claim-card" aria-labelledby="claim-title">
      <h2 id="claim-title">Claimable rewards</h2>
      <div className="claim-sources">
        <ClaimSource
          what="mining"
          amount={mining}
          testId="claimable-amount"
          unavailable={!earnings.account}
          underWay={progress.status === 'signing' || progress.status === 'pending'}
          estimate={() => client.estimateMiningClaim({})}
          claim={() => client.claimMiningRewards({})}
          source={`Settled on chain${earnings.rewards?.rootEpoch != null ? ` up to epoch ${earnings.rewards.rootEpoch}` : ''}; ${formatTokens(earnings.rewards?.claimed ?? '0')} PLEXAI claimed before.`}
          progress={<MiningProgress progress={progress} />}
        />
        {staking !== undefined && (
          <ClaimSource
            what="staking"
            amount={staking?.pending ?? null}
            testId="claimable-staking"
            unavailable={false}
            underWay={isPending(stakingActivity)}
            estimate={() => client.estimateStakingClaim({})}
            claim={() => client.claimAllStakingRewards({})}
            source={
              staking === null
                ? 'Reading your positions…'
                : staking.positions === 0
                  ? 'Rewards accrue on staked PLEXAI; you have no open position.'
                  : `Accruing on ${staking.positions} position${staking.positions === 1 ? '' : 's'}; one claim pays all of them in one transaction.`
            }
            progress={stakingActivity && <StakingProgress activity={stakingActivity} />}
          />
        )}
      </div>
    </section>
  );
}

type Step = { kind: 'idle' } | { kind: 'estimating' } | { kind: 'confirm'; estimate: ClaimEstimate } | { kind: 'refused'; message: string };

function ClaimSource(props: {
  what: 'mining' | 'staking';
  amount: bigint | null;
  testId: string;
  unavailable: boolean;
  underWay: boolean;
  estimate: () => Promise<ClaimEstimate>;
  claim: () => Promise<unknown>;
  source: string;
  progress: ReactNode;
}) {
  const online = useOnline();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const nothing = props.amount === null || props.amount === 0n;
  const title = props.what === 'mining' ? 'Mining rewards' : 'Staking rewards';
  // Staking rewards accrue by the second: eight decimals let the owner watch them grow.
  const decimals = props.what === 'staking' ? 8 : 4;
  const headingId = `claim-${props.what}-title`;
  const estimate = () => {
    setStep({ kind: 'estimating' });
    props.estimate().then(
      (result) => setStep({ kind: 'confirm', estimate: result }),
      (error: Error) => setStep({ kind: 'refused', message: error.message }),
    );
  };
  const confirm = () => {
    setStep({ kind: 'idle' });
    // Progress and failure arrive through the engine's state, shown below.
    props.claim().catch(() => undefined);
  };
  return (
    <div className="claim-source" role="group" aria-labelledby={headingId}>
      <h3 id={headingId} className="subhead">
        {title}
      </h3>
      <p className="claim-amount">
        <span data-testid={props.testId}>{props.amount === null ? '—' : formatTokens(props.amount, decimals)}</span> <span className="unit">PLEXAI</span>
      </p>
      <p className="source">{props.source}</p>
      {step.kind === 'confirm' ? (
        <div className="claim-confirm" role="group" aria-labelledby={`${headingId}-confirm`}>
          <h4 id={`${headingId}-confirm`} className="subhead">
            Claim {formatTokens(step.estimate.amount)} PLEXAI of {props.what} rewards?
          </h4>
          <p>
            Estimated network fee:{' '}
            <strong data-testid={`${props.what}-gas-fee`}>
              {formatTokens(step.estimate.feeWei, 6)} {step.estimate.nativeSymbol}
            </strong>{' '}
            ({Number(step.estimate.gasUnits).toLocaleString()} gas). Your wallet asks you to approve it.
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
          <button type="button" className="primary" onClick={estimate} disabled={!online || nothing || props.underWay || step.kind === 'estimating' || props.unavailable}>
            {step.kind === 'estimating' ? 'Estimating the fee…' : nothing ? 'Nothing to claim yet' : `Claim ${props.what} rewards`}
          </button>
        </div>
      )}
      {step.kind === 'refused' && (
        <p className="verdict no" role="alert">
          {step.message}
        </p>
      )}
      {props.progress}
    </div>
  );
}

function Pending({ children }: { children: ReactNode }) {
  return (
    <p className="loading">
      <span className="spinner" aria-hidden="true" /> {children}
    </p>
  );
}

function Claimed({ children }: { children: ReactNode }) {
  return (
    <p className="claim-success" role="status">
      <span className="claim-check" aria-hidden="true">
        ✓
      </span>
      {children}
    </p>
  );
}

function MiningProgress({ progress }: { progress: EarningsState['claim'] }) {
  return (
    <>
      <div aria-live="polite">
        {progress.status === 'signing' && <Pending>Approve the claim of {formatTokens(progress.amount)} PLEXAI in your wallet…</Pending>}
        {progress.status === 'pending' && <Pending>Pending: waiting for the chain to confirm <TxHash hash={progress.hash} /></Pending>}
        {progress.status === 'confirmed' && (
          <Claimed>
            Claimed {formatTokens(progress.amount)} PLEXAI at {formatClock(new Date(progress.at))}; it is in your wallet now.
          </Claimed>
        )}
      </div>
      {progress.status === 'failed' && (
        <p className="verdict no" role="alert">
          The claim did not go through: {progress.error.message}
        </p>
      )}
    </>
  );
}

function StakingProgress({ activity }: { activity: StakingActivity }) {
  return (
    <>
      <div aria-live="polite">
        {activity.step === 'signing' && <Pending>{activity.message ?? 'Preparing the claim…'}</Pending>}
        {activity.step === 'confirming' && activity.txHash && <Pending>Pending: waiting for the chain to confirm <TxHash hash={activity.txHash} /></Pending>}
        {activity.step === 'confirmed' && <Claimed>{activity.message}</Claimed>}
      </div>
      {activity.step === 'failed' && (
        <p className="verdict no" role="alert">
          The claim did not go through: {activity.message}
        </p>
      )}
    </>
  );
}
