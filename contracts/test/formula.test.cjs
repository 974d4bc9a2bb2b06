// The reward formula against independent BigInt arithmetic, at many random points.
const { expect } = require('chai');
const { loadFixture, time } = require('@nomicfoundation/hardhat-network-helpers');
const { DAY, YEAR, LOCK_OPTIONS, TOKEN, reward, prng, seed, deployFixture, txTime } = require('./helpers/fixture.cjs');

describe('reward formula', () => {
  const s = seed();

  it(`rewardFor equals amount × apy × elapsed / (10,000 × 365 days) at 400 random points (seed ${s})`, async () => {
    const { staking } = await loadFixture(deployFixture);
    const rnd = prng(s);
    const cases = [];
    for (let i = 0; i < 400; i++) {
      // Mix magnitudes: dust, typical, and the largest storable principal.
      const amount = rnd.pick([
        () => rnd.big(1n, 10_000n),
        () => rnd.big(1n, 1_000_000n * TOKEN),
        () => rnd.big(1n, 2n ** 96n - 1n),
      ])();
      const apy = rnd.big(0n, 10_000n);
      const elapsed = rnd.pick([() => rnd.big(0n, 3_600n), () => rnd.big(0n, 2n * YEAR), () => rnd.big(0n, 2n ** 32n)])();
      cases.push([amount, apy, elapsed]);
    }
    cases.push([2n ** 96n - 1n, 10_000n, 2n ** 32n - 1n], [1n, 1n, 1n], [0n, 10_000n, YEAR]);
    const got = await Promise.all(cases.map(([a, p, e]) => staking.rewardFor(a, p, e)));
    cases.forEach(([a, p, e], i) => {
      expect(got[i], `rewardFor(${a}, ${p}, ${e})`).to.equal(reward(a, p, e));
    });
  });

  it(`positions accrue and pay exactly the formula at random times (seed ${s})`, async () => {
    const { staking, token, users } = await loadFixture(deployFixture);
    const rnd = prng(s ^ 0x5bd1e995);
    const positions = [];
    for (let i = 0; i < 24; i++) {
      const user = users[i % users.length];
      const optionId = rnd.int(0, LOCK_OPTIONS.length - 1);
      const amount = rnd.big(1n, 20_000n * TOKEN);
      const start = await txTime(await staking.connect(user).stake(amount, optionId));
      const [duration, apy] = LOCK_OPTIONS[optionId];
      positions.push({ id: BigInt(i + 1), user, amount, apy, start, lockEnd: start + duration, claimed: 0n });
      await time.increase(rnd.int(1, 3_600));
    }
    for (let round = 0; round < 6; round++) {
      await time.increase(rnd.int(1, Number(40n * DAY)));
      const now = BigInt(await time.latest());
      for (const p of positions) {
        const accrued = reward(p.amount, p.apy, (now < p.lockEnd ? now : p.lockEnd) - p.start);
        expect(await staking.pendingReward(p.id)).to.equal(accrued - p.claimed);
      }
      // Some positions claim, at a chosen timestamp so the payout is known in advance.
      const claimers = positions.filter(() => rnd.next() < 0.4);
      let t = now;
      for (const p of claimers) {
        t += BigInt(rnd.int(1, 600));
        await time.setNextBlockTimestamp(t);
        const accrued = reward(p.amount, p.apy, (t < p.lockEnd ? t : p.lockEnd) - p.start);
        if (accrued === p.claimed) {
          await expect(staking.connect(p.user).claim(p.id)).to.be.revertedWithCustomError(
            staking,
            'PlexAiStakingNothingToClaim',
          );
        } else {
          await expect(staking.connect(p.user).claim(p.id)).to.changeTokenBalance(token, p.user, accrued - p.claimed);
          p.claimed = accrued;
        }
      }
    }
    // Past every lock end each position has been paid exactly its maximum reward in total.
    await time.increase(400n * DAY);
    for (const p of positions) {
      const max = reward(p.amount, p.apy, p.lockEnd - p.start);
      expect(await staking.pendingReward(p.id)).to.equal(max - p.claimed);
      expect((await staking.position(p.id)).maxReward).to.equal(max);
    }
  });
});
