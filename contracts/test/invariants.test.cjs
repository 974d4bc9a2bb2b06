// A randomized action sequence against a BigInt model of the staking system, checking after every
// step that the contracts stay solvent and keep every promise:
//  - the sum of open principal equals total staked;
//  - the token balance covers total staked + available + reserved (exactly: nothing else arrives);
//  - reserved equals the sum of open positions' unpaid maximum rewards;
//  - claimed amounts only grow; an open position's APY never changes;
//  - every claim and unstake pays exactly what the formula and the penalty say, and at the end
//    every user exits that way.
// Replay a failure with PLEXAI_SEED=<seed printed in the test title>.
const { expect } = require('chai');
const { loadFixture, time } = require('@nomicfoundation/hardhat-network-helpers');
const {
  DAY,
  BPS,
  PENALTY_BPS,
  LOCK_OPTIONS,
  TOKEN,
  reward,
  prng,
  seed,
  setupStack,
} = require('./helpers/fixture.cjs');

const DELAY = 48n * 3600n;
const STEPS = Number(process.env.PLEXAI_INVARIANT_STEPS ?? 220);
// A small starting pool, so stakes the pool cannot cover happen and funding matters.
const START_POOL = 20_000n * TOKEN;
const smallPoolFixture = () => setupStack(START_POOL);

async function runSequence(seedValue) {
  const { staking, distributor, token, owner, users } = await loadFixture(smallPoolFixture);
  const rnd = prng(seedValue);
  const stakingAddress = await staking.getAddress();

  const model = {
    options: LOCK_OPTIONS.map(([d, a]) => ({ duration: d, apy: a })),
    positions: new Map(), // id -> { id, user, amount, apy, start, lockEnd, claimed }
    available: START_POOL,
    reserved: 0n,
    totalStaked: 0n,
    nextId: 1n,
    paused: false,
    changes: [], // { optionId, apy, eta, status: 'queued' | 'executed' | 'cancelled' }
  };
  const received = new Map(users.map((u) => [u.address, 0n]));
  const counts = {};
  const bump = (k) => (counts[k] = (counts[k] ?? 0) + 1);

  const maxRewardOf = (p) => reward(p.amount, p.apy, p.lockEnd - p.start);
  const accruedAt = (p, t) => reward(p.amount, p.apy, (t < p.lockEnd ? t : p.lockEnd) - p.start);
  /** Pins the next block's timestamp so every expectation is computed before the transaction. */
  const nextTime = async (gap = 1) => {
    const t = BigInt(await time.latest()) + BigInt(gap);
    await time.setNextBlockTimestamp(t);
    return t;
  };
  const openOf = (user) => [...model.positions.values()].filter((p) => p.user === user);
  const randomOpen = () => {
    const all = [...model.positions.values()];
    return all.length ? rnd.pick(all) : undefined;
  };

  async function pay(user, tx, expected) {
    await expect(tx).to.changeTokenBalances(token, [user, staking], [expected, -expected]);
  }

  async function unstakeExactly(p, t) {
    const accrued = accruedAt(p, t);
    const rewardDue = accrued - p.claimed;
    const penalty = t < p.lockEnd ? (p.amount * PENALTY_BPS) / BPS : 0n;
    const unearned = maxRewardOf(p) - accrued;
    const tx = staking.connect(p.user).unstake(p.id);
    await expect(tx)
      .to.emit(staking, 'Unstaked')
      .withArgs(p.user.address, p.id, p.amount - penalty, rewardDue, penalty, unearned);
    await pay(p.user, tx, p.amount - penalty + rewardDue);
    model.positions.delete(p.id);
    model.totalStaked -= p.amount;
    model.reserved -= maxRewardOf(p) - p.claimed;
    model.available += penalty + unearned;
    received.set(p.user.address, received.get(p.user.address) + rewardDue);
    bump(penalty ? 'unstake-early' : 'unstake-late');
  }

  const lastClaimed = new Map();
  async function checkInvariants() {
    const pool = await staking.poolInfo();
    const balance = await token.balanceOf(stakingAddress);
    expect(pool.totalStaked, 'totalStaked').to.equal(model.totalStaked);
    expect(pool.available, 'available').to.equal(model.available);
    expect(pool.reserved, 'reserved').to.equal(model.reserved);
    expect(balance >= pool.totalStaked + pool.available + pool.reserved, 'solvent').to.equal(true);
    expect(balance, 'balance is exactly the accounted funds').to.equal(pool.totalStaked + pool.available + pool.reserved);

    const now = BigInt(await time.latest());
    let principal = 0n;
    let unpaid = 0n;
    for (const user of users) {
      const onChain = await staking.positionsOf(user.address);
      const mine = openOf(user);
      expect(onChain.length).to.equal(mine.length);
      for (const v of onChain) {
        const p = model.positions.get(v.id);
        expect(p, `position ${v.id} is open in the model`).to.not.equal(undefined);
        expect(v.owner).to.equal(user.address);
        expect(v.amount).to.equal(p.amount);
        expect(v.apyBps, 'an open position keeps its APY').to.equal(p.apy);
        expect(v.lockEnd).to.equal(p.lockEnd);
        expect(v.claimed).to.equal(p.claimed);
        expect(v.claimed >= (lastClaimed.get(v.id) ?? 0n), 'claimed only grows').to.equal(true);
        lastClaimed.set(v.id, v.claimed);
        expect(v.pending).to.equal(accruedAt(p, now) - p.claimed);
        principal += v.amount;
        unpaid += v.maxReward - v.claimed;
      }
    }
    expect(principal, 'sum of open principal = total staked').to.equal(pool.totalStaked);
    expect(unpaid, 'reserved = unpaid maximum rewards').to.equal(pool.reserved);
  }

  for (let step = 0; step < STEPS; step++) {
    const roll = rnd.next();
    const user = rnd.pick(users);
    if (model.paused && rnd.next() < 0.15) {
      // Pauses are short: unpause soon so the sequence keeps staking.
      await expect(staking.connect(owner).unpause()).to.emit(staking, 'Unpaused');
      model.paused = false;
      bump('unpause');
    }
    if (roll < 0.3) {
      // stake
      const optionId = rnd.int(0, model.options.length - 1);
      const option = model.options[optionId];
      const balance = await token.balanceOf(user.address);
      if (balance === 0n) continue;
      let amount = rnd.pick([() => rnd.big(1n, 1_000n), () => rnd.big(TOKEN, 200_000n * TOKEN)])();
      if (amount > balance) amount = balance;
      const maxReward = reward(amount, option.apy, option.duration);
      const t = await nextTime();
      const tx = staking.connect(user).stake(amount, optionId);
      if (model.paused) {
        await expect(tx).to.be.revertedWithCustomError(staking, 'EnforcedPause');
        bump('stake-paused');
      } else if (maxReward > model.available) {
        await expect(tx)
          .to.be.revertedWithCustomError(staking, 'PlexAiStakingInsufficientRewardPool')
          .withArgs(maxReward, model.available);
        bump('stake-pool-too-small');
      } else {
        const id = model.nextId++;
        await expect(tx)
          .to.emit(staking, 'Staked')
          .withArgs(user.address, id, optionId, amount, option.apy, t + option.duration, maxReward);
        model.positions.set(id, { id, user, amount, apy: option.apy, start: t, lockEnd: t + option.duration, claimed: 0n });
        model.available -= maxReward;
        model.reserved += maxReward;
        model.totalStaked += amount;
        bump('stake');
      }
    } else if (roll < 0.45) {
      // claim one position, sometimes someone else's
      const p = randomOpen();
      if (!p) continue;
      const t = await nextTime();
      const caller = rnd.next() < 0.1 ? user : p.user;
      if (caller !== p.user) {
        await expect(staking.connect(caller).claim(p.id))
          .to.be.revertedWithCustomError(staking, 'PlexAiStakingNotPositionOwner')
          .withArgs(p.id, caller.address, p.user.address);
        bump('claim-not-owner');
        continue;
      }
      const due = accruedAt(p, t) - p.claimed;
      if (due === 0n) {
        await expect(staking.connect(p.user).claim(p.id))
          .to.be.revertedWithCustomError(staking, 'PlexAiStakingNothingToClaim')
          .withArgs(p.id);
        bump('claim-nothing');
      } else {
        await pay(p.user, staking.connect(p.user).claim(p.id), due);
        p.claimed += due;
        model.reserved -= due;
        received.set(p.user.address, received.get(p.user.address) + due);
        bump('claim');
      }
    } else if (roll < 0.5) {
      // claimAll
      const t = await nextTime();
      const mine = openOf(user);
      const due = mine.reduce((sum, p) => sum + accruedAt(p, t) - p.claimed, 0n);
      if (due === 0n) {
        await expect(staking.connect(user).claimAll())
          .to.be.revertedWithCustomError(staking, 'PlexAiStakingNoRewards')
          .withArgs(user.address);
        bump('claimAll-nothing');
      } else {
        await pay(user, staking.connect(user).claimAll(), due);
        for (const p of mine) p.claimed = accruedAt(p, t);
        model.reserved -= due;
        received.set(user.address, received.get(user.address) + due);
        bump('claimAll');
      }
    } else if (roll < 0.65) {
      // unstake, early or late, whichever the clock says
      const p = randomOpen();
      if (!p) continue;
      const t = await nextTime();
      await unstakeExactly(p, t);
    } else if (roll < 0.71) {
      // fund the pool
      const amount = rnd.big(1n, 40_000n * TOKEN);
      await nextTime();
      await expect(distributor.connect(owner).fund(amount))
        .to.emit(staking, 'RewardPoolCredited')
        .withArgs(amount, model.available + amount);
      model.available += amount;
      bump('fund');
    } else if (roll < 0.76) {
      // queue an APY change, sometimes above the cap
      const optionId = rnd.int(0, model.options.length - 1);
      const apy = rnd.next() < 0.15 ? rnd.big(10_001n, 20_000n) : rnd.big(0n, 10_000n);
      const t = await nextTime();
      const tx = distributor.connect(owner).queueApyChange(optionId, apy);
      if (apy > 10_000n) {
        await expect(tx).to.be.revertedWithCustomError(distributor, 'RewardDistributorApyAboveCap').withArgs(apy, 10_000n);
        bump('queue-above-cap');
      } else {
        await expect(tx).to.emit(distributor, 'ApyChangeQueued').withArgs(model.changes.length, optionId, apy, t + DELAY);
        model.changes.push({ optionId, apy, eta: t + DELAY, status: 'queued' });
        bump('queue');
      }
    } else if (roll < 0.82) {
      // execute a change (anyone)
      if (!model.changes.length) continue;
      const id = rnd.int(0, model.changes.length - 1);
      const c = model.changes[id];
      const t = await nextTime();
      const tx = distributor.connect(user).executeApyChange(id);
      if (c.status !== 'queued') {
        await expect(tx).to.be.revertedWithCustomError(distributor, 'RewardDistributorChangeNotQueued');
        bump('execute-not-queued');
      } else if (t < c.eta) {
        await expect(tx)
          .to.be.revertedWithCustomError(distributor, 'RewardDistributorTimelockNotElapsed')
          .withArgs(id, c.eta, t);
        bump('execute-too-early');
      } else {
        await expect(tx).to.emit(staking, 'LockOptionApyChanged').withArgs(c.optionId, model.options[c.optionId].apy, c.apy);
        model.options[c.optionId].apy = c.apy;
        c.status = 'executed';
        bump('execute');
      }
    } else if (roll < 0.84) {
      // cancel a queued change
      const queued = model.changes.map((c, id) => ({ c, id })).filter(({ c }) => c.status === 'queued');
      if (!queued.length) continue;
      const { c, id } = rnd.pick(queued);
      await expect(distributor.connect(owner).cancelApyChange(id)).to.emit(distributor, 'ApyChangeCancelled');
      c.status = 'cancelled';
      bump('cancel');
    } else if (roll < 0.86) {
      // pause or unpause
      if (model.paused) await staking.connect(owner).unpause();
      else await staking.connect(owner).pause();
      model.paused = !model.paused;
      bump(model.paused ? 'pause' : 'unpause');
    } else {
      // jump time: minutes to months
      await time.increase(rnd.pick([() => rnd.int(60, 3_600), () => rnd.int(3_600, 3 * 86_400), () => rnd.int(86_400, 120 * 86_400)])());
      bump('time-jump');
    }
    await checkInvariants();
  }

  // Everyone exits: half of the remaining positions right away (early or late as it falls), the
  // rest after every lock has ended. Each gets exactly what the formula and the penalty say.
  const remaining = [...model.positions.values()];
  for (const p of remaining.filter((_, i) => i % 2 === 0)) await unstakeExactly(p, await nextTime());
  await time.increase(366n * DAY);
  for (const p of [...model.positions.values()]) await unstakeExactly(p, await nextTime());
  await checkInvariants();
  const pool = await staking.poolInfo();
  expect(pool.totalStaked).to.equal(0n);
  expect(pool.reserved).to.equal(0n);
  expect(await token.balanceOf(stakingAddress)).to.equal(pool.available);
  return counts;
}

describe('staking invariants under a randomized action sequence', () => {
  const base = seed();
  const total = {};
  for (const s of [base, (base * 31 + 7) >>> 0]) {
    it(`holds through ${STEPS} random actions and a full exit (seed ${s})`, async () => {
      const counts = await runSequence(s);
      for (const [k, n] of Object.entries(counts)) total[k] = (total[k] ?? 0) + n;
      if (process.env.PLEXAI_VERBOSE) console.log(JSON.stringify(counts));
    });
  }

  it('exercised every kind of action, or it proves little', () => {
    const kinds = ['stake', 'stake-pool-too-small', 'stake-paused', 'claim', 'claim-nothing', 'claimAll'];
    kinds.push('unstake-early', 'unstake-late', 'fund', 'queue', 'queue-above-cap', 'execute', 'cancel', 'time-jump');
    for (const k of kinds) expect(total[k] ?? 0, `${k} happened`).to.be.greaterThan(0);
  });
});
