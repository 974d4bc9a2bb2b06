import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatTokenAmount, type StakingActivity, type StakingOverview, type StakingPosition } from '../../../src/common/staking';
import { useClient } from '../api/client-context';
import { formatDateTime } from '../format';
import { useNow } from '../hooks/use-now';
import { useWrite } from '../hooks/use-write';
import { chainNow, useStakingOverview } from '../hooks/use-staking-overview';
import { apyLabel, checkStakeAmount, isPending, livePending, lockLabel, plexai, stakePreview, unstakeQuote } from '../staking';
import { useOnline, useStore } from '../state/store';
import '../staking.css';
import { Loading } from '../components/Loading';
import { TxHash } from '../components/TxHash';

export function StakingPage() {
  const loaded = useStore((s) => s.engine !== null);
  const status = useStore((s) => s.engine?.staking ?? null);
  const connected = useStore((s) => s.engine?.wallet.connection.status === 'connected');
  const goTo = useStore((s) => s.goTo);
  const online = useOnline();
  const available = status?.available ?? false;
  const { overview, clock, error } = useStakingOverview(available);
  const now = chainNow(clock, useNow(1000) / 1000);
  const writing = isPending(status?.activity ?? null);

  return (
    <div className="page staking-page">
      <header className="page-header">
        <h1>Staking</h1>
      </header>
      {!loaded ? (
        <Loading>Loading the miner’s state…</Loading>
      ) : !available ? (
        <section className="card empty" aria-labelledby="staking-unavailable">
          <h2 id="staking-unavailable">Staking is not available here</h2>
          <p>{status?.unavailableReason}</p>
        </section>
      ) : (
        <>
          {!online && (
            <p className="offline" role="status">
              Offline: these are the last figures read. Staking, claiming and unstaking come back with the connection.
            </p>
          )}
          {error && (
            <div className="card summary no" role="alert">
              <p>Could not read the staking contract: {error}</p>
            </div>
          )}
          {status?.activity && <ActivityNotice activity={status.activity} />}
          {!connected && (
            <section className="card offer" aria-labelledby="staking-no-wallet">
              <h2 id="staking-no-wallet">Connect a wallet to stake</h2>
              <p>Stakes, claims and unstakes are signed in your wallet, and your PLEXAI balance and positions are read from its address.</p>
              <div className="button-row">
                <button type="button" className="primary" onClick={() => goTo('wallet')}>
                  Go to the Wallet page
                </button>
              </div>
            </section>
          )}
          {!overview ? (
            !error && (
              <Loading>Reading the staking contract…</Loading>
            )
          ) : (
            <>
              {overview.account && <Holdings overview={overview} now={now} />}
              <StakeForm overview={overview} now={now} busy={writing} />
              {overview.account && <Positions positions={overview.account.positions} now={now} busy={writing} />}
            </>
          )}
        </>
      )}
    </div>
  );
}

const stepWords: Record<StakingActivity['step'], string> = {
  approving: 'Approval pending',
  signing: 'Waiting for your wallet',
  confirming: 'Pending on chain',
  confirmed: 'Confirmed',
  failed: 'Failed',
};

function ActivityNotice({ activity }: { activity: StakingActivity }) {
  const pending = isPending(activity);
  const kind = activity.step === 'failed' ? 'no' : activity.step === 'confirmed' ? 'ok' : 'pending';
  return (
    <div className={`card summary staking-activity ${kind}`} role={activity.step === 'failed' ? 'alert' : 'status'} aria-live="polite">
      <p className="staking-activity-line">
        {pending && <span className="spinner" aria-hidden="true" />}
        <strong>{stepWords[activity.step]}</strong>
        <span>{activity.message ?? (pending ? 'Preparing the transaction…' : '')}</span>
      </p>
      {activity.txHash && (
        <p className="hint">
          Transaction <TxHash hash={activity.txHash} />
        </p>
      )}
    </div>
  );
}

function Holdings({ overview, now }: { overview: StakingOverview; now: number }) {
  const account = overview.account!;
  const staked = account.positions.reduce((sum, p) => sum + BigInt(p.amount), 0n);
  const claimable = account.positions.reduce((sum, p) => sum + livePending(p, now), 0n);
  return (
    <section className="card" aria-labelledby="staking-holdings">
      <h2 id="staking-holdings">Your PLEXAI</h2>
      <dl className="staking-figures">
        <div>
          <dt>Wallet balance</dt>
          <dd data-testid="staking-balance" title={`${formatTokenAmount(BigInt(account.balance))} PLEXAI`}>
            {plexai(BigInt(account.balance), 18)}
          </dd>
        </div>
        <div>
          <dt>Staked</dt>
          <dd>{plexai(staked)}</dd>
        </div>
        <div>
          <dt>Claimable now</dt>
          <dd className="staking-ticking">{plexai(claimable, 8)}</dd>
        </div>
        {account.earliestUnlock && (
          <div>
            <dt>Next unlock</dt>
            <dd>
              {formatDateTime(account.earliestUnlock.unlockTime)} (position {account.earliestUnlock.positionId})
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function StakeForm({ overview, now, busy }: { overview: StakingOverview; now: number; busy: boolean }) {
  const client = useClient();
  const online = useOnline();
  const ids = useId();
  const [optionId, setOptionId] = useState<number>(overview.options[0]?.id ?? 0);
  const [amount, setAmount] = useState('');
  const write = useWrite();
  const sending = write.running;
  const account = overview.account;
  const balance = account ? BigInt(account.balance) : null;
  const check = checkStakeAmount(amount, balance);
  const option = overview.options.find((o) => o.id === optionId) ?? overview.options[0];
  const preview = check.ok && option ? stakePreview(check.units, option, now) : null;
  const needsApproval = check.ok && account !== null && BigInt(account.allowance) < check.units;
  const canStake = account !== null && check.ok && !busy && !sending && online && !overview.paused;

  const submit = async () => {
    if (!check.ok || !option) return;
    if (await write.start(() => client.stake({ optionId: option.id, amount: amount.trim() }))) setAmount('');
  };

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Stake PLEXAI</h2>
      {overview.paused && <p className="verdict no">New stakes are paused by the contract owner; claims and unstakes still work.</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset className="staking-options">
          <legend>Lock period</legend>
          {overview.options.map((o) => (
            <label key={o.id} className="staking-option">
              <input type="radio" name={`${ids}-option`} value={o.id} checked={o.id === optionId} onChange={() => setOptionId(o.id)} />
              <span className="staking-option-term">{lockLabel(o.durationSeconds)}</span>
              <span className="staking-option-apy">{apyLabel(o.apyBps)} APY</span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${ids}-amount`}>Amount (PLEXAI)</label>
          <div className="copy-row staking-amount">
            <input
              id={`${ids}-amount`}
              inputMode="decimal"
              autoComplete="off"
              value={amount}
              placeholder="0"
              aria-invalid={!check.ok && check.message !== null}
              aria-describedby={`${ids}-balance ${ids}-amount-error`}
              onChange={(event) => setAmount(event.target.value)}
            />
            <button type="button" className="secondary" disabled={balance === null || balance === 0n} onClick={() => balance !== null && setAmount(formatTokenAmount(balance))}>
              Max
            </button>
          </div>
          <p id={`${ids}-balance`} className="hint">
            {balance === null ? 'Connect a wallet to see your balance.' : `Balance: ${plexai(balance, 18)}`}
          </p>
          {!check.ok && check.message && (
            <p id={`${ids}-amount-error`} className="field-error" role="alert">
              {check.message}
            </p>
          )}
        </div>
        {preview && option && (
          <div className="staking-preview" aria-live="polite">
            <p>
              Projected reward: <strong>{plexai(preview.reward, 6)}</strong> for {lockLabel(option.durationSeconds)} at {apyLabel(option.apyBps)} APY, unlocking{' '}
              {formatDateTime(preview.unlockAt.getTime() / 1000)}.
            </p>
            <p className="hint">
              Unstaking before then keeps 10 % of the principal: {plexai(preview.penalty, 18)} would stay in the reward pool.
            </p>
            {needsApproval && <p className="hint">Your wallet asks twice: first to let the staking contract move this amount, then to stake it.</p>}
          </div>
        )}
        {write.failure && (
          <p className="field-error" role="alert">
            {write.failure}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="primary" disabled={!canStake}>
            {sending ? 'Staking…' : needsApproval ? 'Approve and stake' : 'Stake'}
          </button>
        </div>
      </form>
    </section>
  );
}

function Positions({ positions, now, busy }: { positions: StakingPosition[]; now: number; busy: boolean }) {
  return (
    <section className="card" aria-labelledby="staking-positions">
      <h2 id="staking-positions">Your positions</h2>
      {positions.length === 0 ? (
        <p className="hint">No open positions yet. A stake appears here with its reward accruing by the second.</p>
      ) : (
        <ul className="staking-positions">
          {positions.map((p) => (
            <PositionRow key={p.id} position={p} now={now} busy={busy} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PositionRow({ position, now, busy }: { position: StakingPosition; now: number; busy: boolean }) {
  const client = useClient();
  const online = useOnline();
  const ids = useId();
  const [confirming, setConfirming] = useState(false);
  const write = useWrite();
  const acting = write.running;
  const cancelRef = useRef<HTMLButtonElement>(null);
  const unstakeRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const pending = livePending(position, now);
  const quote = useMemo(() => unstakeQuote(position, now), [position, now]);
  const locked = now < position.lockEnd;
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
    // The warning closed (Keep staking) with the focus in it: back to Unstake…, which opened it,
    // where the focus would otherwise fall to the top of the page.
    else if (wasConfirming.current && document.activeElement === document.body) unstakeRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const act = async (call: () => Promise<unknown>) => {
    if (await write.start(call)) setConfirming(false);
  };
  const disabled = busy || acting || !online;

  return (
    <li className="staking-position" aria-labelledby={`${ids}-title`}>
      <div className="staking-position-head">
        <h3 id={`${ids}-title`}>
          Position {position.id}: {plexai(BigInt(position.amount))}
        </h3>
        <span className={`badge ${locked ? 'neutral' : 'ok'}`}>{locked ? `Locked until ${formatDateTime(position.lockEnd)}` : 'Unlocked'}</span>
      </div>
      <dl className="staking-figures">
        <div>
          <dt>APY</dt>
          <dd>{apyLabel(position.apyBps)}</dd>
        </div>
        <div>
          <dt>Reward accrued</dt>
          <dd className="staking-ticking" data-testid={`position-${position.id}-reward`}>
            {plexai(pending, 8)}
          </dd>
        </div>
        <div>
          <dt>Claimed so far</dt>
          <dd>{plexai(BigInt(position.claimed), 8)}</dd>
        </div>
        <div>
          <dt>Reward at unlock</dt>
          <dd>{plexai(BigInt(position.maxReward), 6)}</dd>
        </div>
      </dl>
      {write.failure && (
        <p className="field-error" role="alert">
          {write.failure}
        </p>
      )}
      {confirming ? (
        // Escape closes the warning as it closes any dialog; it keeps staking, as the safe answer does.
        <div
          className={`staking-confirm ${quote.early ? 'warn' : ''}`}
          role="alertdialog"
          aria-labelledby={`${ids}-confirm`}
          aria-describedby={`${ids}-confirm-detail`}
          onKeyDown={(event) => event.key === 'Escape' && !acting && setConfirming(false)}
        >
          <p id={`${ids}-confirm`}>
            <strong>
              {quote.early
                ? `Unstaking now costs ${plexai(quote.penalty, 18)}: the 10 % early-unstake penalty.`
                : 'This position is unlocked: you get the whole principal back.'}
            </strong>
          </p>
          <p id={`${ids}-confirm-detail`}>
            {quote.early
              ? `The lock ends ${formatDateTime(position.lockEnd)}. Before then, ${plexai(quote.penalty, 18)} of your ${plexai(BigInt(position.amount))} stays in the reward pool; you receive ${plexai(quote.principalOut, 18)} plus the reward accrued so far (about ${plexai(quote.reward, 6)}).`
              : `You receive ${plexai(quote.principalOut, 18)} plus the unpaid reward (${plexai(quote.reward, 6)}).`}
          </p>
          <div className="button-row">
            <button type="button" className={quote.early ? 'primary danger' : 'primary'} disabled={disabled} onClick={() => void act(() => client.unstake({ positionId: position.id }))}>
              {acting ? 'Unstaking…' : quote.early ? `Unstake and lose ${plexai(quote.penalty)}` : 'Unstake'}
            </button>
            <button type="button" className="secondary" ref={cancelRef} disabled={acting} onClick={() => setConfirming(false)}>
              Keep staking
            </button>
          </div>
        </div>
      ) : (
        <div className="button-row">
          <button type="button" className="secondary" disabled={disabled || pending === 0n} onClick={() => void act(() => client.claimStakingReward({ positionId: position.id }))}>
            Claim {plexai(pending, 4)}
          </button>
          <button type="button" className="secondary" ref={unstakeRef} disabled={disabled} onClick={() => setConfirming(true)}>
            Unstake…
          </button>
        </div>
      )}
    </li>
  );
}
