import { useEffect, useState, type ReactNode } from 'react';
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

/** Claimable mining and staking rewards, each claimed in one click: the fee is estimated as soon as there is something to claim, and shown beside the button; the wallet then asks to sign. */
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
          estimateKey={earnings.rewards?.claimable ?? '0'}
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
            // Staking rewards grow by the second; the fee does not, so it is estimated once per set of positions.
            estimateKey={String(staking?.positions ?? 0)}
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

type Estimate = { kind: 'none' } | { kind: 'estimating' } | { kind: 'ready'; estimate: ClaimEstimate } | { kind: 'refused'; message: string };

function ClaimSource(props: {
  what: 'mining' | 'staking';
  amount: bigint | null;
  testId: string;
  unavailable: boolean;
  underWay: boolean;
  /** The fee is estimated again when this changes (and after each claim). */
  estimateKey: string;
  estimate: () => Promise<ClaimEstimate>;
  claim: () => Promise<unknown>;
  source: string;
  progress: ReactNode;
}) {
  const online = useOnline();
  const [fee, setFee] = useState<Estimate>({ kind: 'none' });
  const nothing = props.amount === null || props.amount === 0n;
  const claimable = online && !nothing && !props.unavailable && !props.underWay;
  const title = props.what === 'mining' ? 'Mining rewards' : 'Staking rewards';
  // Staking rewards accrue by the second: eight decimals let the owner watch them grow.
  const decimals = props.what === 'staking' ? 8 : 4;
  const headingId = `claim-${props.what}-title`;
  const { estimate } = props;
  useEffect(() => {
    if (!claimable) return setFee({ kind: 'none' });
    let current = true;
    setFee({ kind: 'estimating' });
    estimate().then(
      (result) => current && setFee({ kind: 'ready', estimate: result }),
      (error: Error) => current && setFee({ kind: 'refused', message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [claimable, props.estimateKey]);
  const claim = () => {
    setFee({ kind: 'none' });
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
      <div className="button-row">
        <button type="button" className="primary" onClick={claim} disabled={fee.kind !== 'ready'}>
          {nothing ? 'Nothing to claim yet' : `Claim ${props.what} rewards`}
        </button>
      </div>
      {fee.kind === 'estimating' && <p className="source">Estimating the network fee…</p>}
      {fee.kind === 'ready' && (
        <p className="source">
          Network fee about{' '}
          <strong data-testid={`${props.what}-gas-fee`}>
            {formatTokens(fee.estimate.feeWei, 6)} {fee.estimate.nativeSymbol}
          </strong>{' '}
          ({Number(fee.estimate.gasUnits).toLocaleString()} gas); your wallet asks you to approve it.
        </p>
      )}
      {fee.kind === 'refused' && (
        <p className="verdict no" role="alert">
          {fee.message}
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
