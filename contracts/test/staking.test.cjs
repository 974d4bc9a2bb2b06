const { expect } = require('chai');
const { ethers } = require('hardhat');
const { loadFixture, time } = require('@nomicfoundation/hardhat-network-helpers');
const {
  DAY,
  YEAR,
  BPS,
  PENALTY_BPS,
  LOCK_OPTIONS,
  TOKEN,
  POOL_FUNDING,
  reward,
  deployFixture,
  txTime,
} = require('./helpers/fixture.cjs');

/** A staking contract whose "distributor" is a plain account, to call the distributor-only door directly. */
async function eoaDistributorFixture() {
  const [owner, distributorEoa, alice] = await ethers.getSigners();
  const token = await ethers.deployContract('PlexAiToken', [owner.address, 1_000_000n * TOKEN]);
  const staking = await ethers.deployContract('PlexAiStaking', [
    await token.getAddress(),
    distributorEoa.address,
    owner.address,
    [30n * DAY],
    [1_000n],
  ]);
  return { token, staking, owner, distributorEoa, alice };
}

describe('PlexAiStaking', () => {
  describe('deployment', () => {
    it('ships the four default lock options and emits LockOptionAdded for each', async () => {
      const { staking } = await loadFixture(deployFixture);
      expect(await staking.lockOptionCount()).to.equal(4n);
      const options = await staking.lockOptions();
      expect(options.map((o) => [o.duration, o.apyBps])).to.deep.equal(LOCK_OPTIONS);
      const [d, a] = LOCK_OPTIONS[2];
      const option = await staking.lockOption(2);
      expect([option.duration, option.apyBps]).to.deep.equal([d, a]);
      for (let i = 0; i < LOCK_OPTIONS.length; i++) {
        await expect(staking.deploymentTransaction())
          .to.emit(staking, 'LockOptionAdded')
          .withArgs(i, LOCK_OPTIONS[i][0], LOCK_OPTIONS[i][1]);
      }
      await expect(staking.lockOption(4)).to.be.revertedWithCustomError(staking, 'PlexAiStakingUnknownOption').withArgs(4);
    });

    it('knows its token, distributor, owner and constants', async () => {
      const { staking, token, distributor, owner } = await loadFixture(deployFixture);
      expect(await staking.token()).to.equal(await token.getAddress());
      expect(await staking.distributor()).to.equal(await distributor.getAddress());
      expect(await staking.owner()).to.equal(owner.address);
      expect(await staking.BPS()).to.equal(BPS);
      expect(await staking.SECONDS_PER_YEAR()).to.equal(YEAR);
      expect(await staking.MAX_APY_BPS()).to.equal(10_000n);
      expect(await staking.EARLY_UNSTAKE_PENALTY_BPS()).to.equal(PENALTY_BPS);
      expect(await staking.lastPositionId()).to.equal(0n);
    });

    it('rejects bad constructor arguments', async () => {
      const [owner, other] = await ethers.getSigners();
      const factory = await ethers.getContractFactory('PlexAiStaking');
      const t = other.address;
      await expect(factory.deploy(ethers.ZeroAddress, t, owner.address, [DAY], [1n])).to.be.revertedWithCustomError(
        factory,
        'PlexAiStakingZeroAddress',
      );
      await expect(factory.deploy(t, ethers.ZeroAddress, owner.address, [DAY], [1n])).to.be.revertedWithCustomError(
        factory,
        'PlexAiStakingZeroAddress',
      );
      await expect(factory.deploy(t, t, ethers.ZeroAddress, [DAY], [1n]))
        .to.be.revertedWithCustomError(factory, 'OwnableInvalidOwner')
        .withArgs(ethers.ZeroAddress);
      await expect(factory.deploy(t, t, owner.address, [DAY, DAY], [1n]))
        .to.be.revertedWithCustomError(factory, 'PlexAiStakingInvalidLockOptions')
        .withArgs(2, 1);
      await expect(factory.deploy(t, t, owner.address, [], []))
        .to.be.revertedWithCustomError(factory, 'PlexAiStakingInvalidLockOptions')
        .withArgs(0, 0);
      await expect(factory.deploy(t, t, owner.address, [0n], [1n]))
        .to.be.revertedWithCustomError(factory, 'PlexAiStakingInvalidDuration')
        .withArgs(0);
      await expect(factory.deploy(t, t, owner.address, [2n ** 32n], [1n]))
        .to.be.revertedWithCustomError(factory, 'PlexAiStakingInvalidDuration')
        .withArgs(2n ** 32n);
      await expect(factory.deploy(t, t, owner.address, [DAY], [10_001n]))
        .to.be.revertedWithCustomError(factory, 'PlexAiStakingApyAboveCap')
        .withArgs(10_001n, 10_000n);
    });
  });

  describe('stake', () => {
    it('opens a position that records its APY and lock end and reserves its maximum reward', async () => {
      const { staking, token, alice } = await loadFixture(deployFixture);
      const amount = 1_000n * TOKEN;
      const [duration, apy] = LOCK_OPTIONS[1];
      const maxReward = reward(amount, apy, duration);
      expect(await staking.previewMaxReward(amount, 1)).to.equal(maxReward);

      const tx = staking.connect(alice).stake(amount, 1);
      await expect(tx).to.changeTokenBalances(token, [alice, staking], [-amount, amount]);
      const start = await txTime(await tx);
      await expect(tx)
        .to.emit(staking, 'Staked')
        .withArgs(alice.address, 1, 1, amount, apy, start + duration, maxReward);

      const p = await staking.position(1);
      expect(p.id).to.equal(1n);
      expect(p.owner).to.equal(alice.address);
      expect(p.amount).to.equal(amount);
      expect(p.apyBps).to.equal(apy);
      expect(p.start).to.equal(start);
      expect(p.lockEnd).to.equal(start + duration);
      expect(p.claimed).to.equal(0n);
      expect(p.pending).to.equal(0n);
      expect(p.maxReward).to.equal(maxReward);

      const pool = await staking.poolInfo();
      expect(pool.available).to.equal(POOL_FUNDING - maxReward);
      expect(pool.reserved).to.equal(maxReward);
      expect(pool.totalStaked).to.equal(amount);
      expect(await staking.totalStaked()).to.equal(amount);
      expect(await staking.lastPositionId()).to.equal(1n);
    });

    it('lets a user hold many positions, listed newest first', async () => {
      const { staking, alice, bob } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(10n * TOKEN, 0);
      await staking.connect(bob).stake(20n * TOKEN, 1);
      await staking.connect(alice).stake(30n * TOKEN, 2);
      await staking.connect(alice).stake(40n * TOKEN, 3);
      expect(await staking.positionCountOf(alice.address)).to.equal(3n);
      const list = await staking.positionsOf(alice.address);
      expect(list.map((p) => p.id)).to.deep.equal([4n, 3n, 1n]);
      expect(list.map((p) => p.amount)).to.deep.equal([40n * TOKEN, 30n * TOKEN, 10n * TOKEN]);
      expect(list.map((p) => p.apyBps)).to.deep.equal([4_000n, 2_500n, 800n]);
      expect((await staking.positionsOf(bob.address)).map((p) => p.id)).to.deep.equal([2n]);
      expect(await staking.positionsOf(ethers.ZeroAddress)).to.deep.equal([]);
    });

    it('rejects a zero amount, an unknown option and an amount too large to store', async () => {
      const { staking, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).stake(0, 0)).to.be.revertedWithCustomError(staking, 'PlexAiStakingZeroAmount');
      await expect(staking.connect(alice).stake(1n, 4))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingUnknownOption')
        .withArgs(4);
      const max = 2n ** 96n - 1n;
      await expect(staking.connect(alice).stake(max + 1n, 0))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingAmountTooLarge')
        .withArgs(max + 1n, max);
    });

    it('rejects a stake whose maximum reward the available pool cannot cover', async () => {
      const { staking, alice, owner, token, distributor } = await loadFixture(deployFixture);
      // 365-day option at 40 %: the reward is 0.4 × amount, so the pool covers 25M of principal.
      const coverable = (POOL_FUNDING * BPS) / 4_000n;
      await token.connect(owner).transfer(alice.address, coverable);
      const tooMuch = coverable + 1n * TOKEN;
      await expect(staking.connect(alice).stake(tooMuch, 3))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingInsufficientRewardPool')
        .withArgs(reward(tooMuch, 4_000n, 365n * DAY), POOL_FUNDING);
      await staking.connect(alice).stake(coverable, 3);
      expect((await staking.poolInfo()).available).to.equal(0n);
      await expect(staking.connect(alice).stake(1_000n * TOKEN, 0))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingInsufficientRewardPool')
        .withArgs(reward(1_000n * TOKEN, 800n, 30n * DAY), 0n);
      // Funding the pool makes room again.
      await distributor.connect(owner).fund(1_000n * TOKEN);
      await staking.connect(alice).stake(1_000n * TOKEN, 0);
    });

    it('reverts while paused; the owner alone pauses and unpauses', async () => {
      const { staking, alice, owner } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).pause())
        .to.be.revertedWithCustomError(staking, 'OwnableUnauthorizedAccount')
        .withArgs(alice.address);
      await expect(staking.connect(owner).pause()).to.emit(staking, 'Paused').withArgs(owner.address);
      expect(await staking.paused()).to.equal(true);
      await expect(staking.connect(alice).stake(TOKEN, 0)).to.be.revertedWithCustomError(staking, 'EnforcedPause');
      await expect(staking.connect(alice).unpause())
        .to.be.revertedWithCustomError(staking, 'OwnableUnauthorizedAccount')
        .withArgs(alice.address);
      await expect(staking.connect(owner).unpause()).to.emit(staking, 'Unpaused').withArgs(owner.address);
      await expect(staking.connect(alice).stake(TOKEN, 0)).to.emit(staking, 'Staked');
    });

    it('fails cleanly without allowance or balance', async () => {
      const { staking, token, owner } = await loadFixture(deployFixture);
      const [, , , , , , , , nobody] = await ethers.getSigners();
      await expect(staking.connect(nobody).stake(TOKEN, 0)).to.be.revertedWithCustomError(token, 'ERC20InsufficientAllowance');
      await token.connect(nobody).approve(await staking.getAddress(), TOKEN);
      await expect(staking.connect(nobody).stake(TOKEN, 0)).to.be.revertedWithCustomError(token, 'ERC20InsufficientBalance');
      expect((await staking.poolInfo()).reserved).to.equal(0n);
      void owner;
    });
  });

  describe('accrual and claim', () => {
    it('accrues continuously by the formula and pays it on claim', async () => {
      const { staking, token, alice } = await loadFixture(deployFixture);
      const amount = 5_000n * TOKEN;
      const start = await txTime(await staking.connect(alice).stake(amount, 3));
      await time.increaseTo(start + 10n * DAY);
      expect(await staking.pendingReward(1)).to.equal(reward(amount, 4_000n, 10n * DAY));

      await time.setNextBlockTimestamp(start + 20n * DAY);
      const expected = reward(amount, 4_000n, 20n * DAY);
      const tx = staking.connect(alice).claim(1);
      await expect(tx).to.emit(staking, 'RewardClaimed').withArgs(alice.address, 1, expected);
      await expect(tx).to.changeTokenBalances(token, [alice, staking], [expected, -expected]);

      const p = await staking.position(1);
      expect(p.claimed).to.equal(expected);
      expect(p.pending).to.equal(0n);
      const pool = await staking.poolInfo();
      expect(pool.reserved).to.equal(reward(amount, 4_000n, YEAR) - expected);
    });

    it('stops accruing at the lock end, so the total paid equals the maximum reward exactly', async () => {
      const { staking, alice } = await loadFixture(deployFixture);
      const amount = 777n * TOKEN + 12_345n;
      const start = await txTime(await staking.connect(alice).stake(amount, 0));
      for (const day of [1n, 3n, 7n, 29n]) {
        await time.setNextBlockTimestamp(start + day * DAY + 17n);
        await staking.connect(alice).claim(1);
        expect((await staking.position(1)).claimed).to.equal(reward(amount, 800n, day * DAY + 17n));
      }
      const paid = (await staking.position(1)).claimed;
      await time.increaseTo(start + 400n * DAY);
      const max = reward(amount, 800n, 30n * DAY);
      expect(await staking.pendingReward(1)).to.equal(max - paid);
      await staking.connect(alice).claim(1);
      expect((await staking.position(1)).claimed).to.equal(max);
      await expect(staking.connect(alice).claim(1))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingNothingToClaim')
        .withArgs(1);
      expect((await staking.poolInfo()).reserved).to.equal(0n);
    });

    it('works while paused', async () => {
      const { staking, alice, owner } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(100n * TOKEN, 1);
      await staking.connect(owner).pause();
      await time.increase(5n * DAY);
      await expect(staking.connect(alice).claim(1)).to.emit(staking, 'RewardClaimed');
      await expect(staking.connect(alice).claimAll()).to.emit(staking, 'RewardClaimed');
    });

    it('refuses unknown positions and other people\'s positions', async () => {
      const { staking, alice, bob } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(100n * TOKEN, 1);
      await time.increase(DAY);
      await expect(staking.connect(bob).claim(1))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingNotPositionOwner')
        .withArgs(1, bob.address, alice.address);
      await expect(staking.connect(alice).claim(2))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingUnknownPosition')
        .withArgs(2);
      await expect(staking.position(2)).to.be.revertedWithCustomError(staking, 'PlexAiStakingUnknownPosition').withArgs(2);
      await expect(staking.pendingReward(0)).to.be.revertedWithCustomError(staking, 'PlexAiStakingUnknownPosition').withArgs(0);
      await expect(staking.quoteUnstake(9)).to.be.revertedWithCustomError(staking, 'PlexAiStakingUnknownPosition').withArgs(9);
    });

    it('claimAll pays every open position of the caller in one transfer', async () => {
      const { staking, token, alice, bob } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).claimAll())
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingNoRewards')
        .withArgs(alice.address);
      const t1 = await txTime(await staking.connect(alice).stake(100n * TOKEN, 0));
      const t2 = await txTime(await staking.connect(alice).stake(200n * TOKEN, 2));
      await staking.connect(bob).stake(300n * TOKEN, 2);
      const now = t2 + 45n * DAY;
      await time.setNextBlockTimestamp(now);
      const r1 = reward(100n * TOKEN, 800n, 30n * DAY); // option 0 ended at day 30
      const r2 = reward(200n * TOKEN, 2_500n, now - t2);
      void t1;
      const tx = staking.connect(alice).claimAll();
      await expect(tx).to.changeTokenBalances(token, [alice, bob], [r1 + r2, 0n]);
      await expect(tx).to.emit(staking, 'RewardClaimed').withArgs(alice.address, 1, r1);
      await expect(tx).to.emit(staking, 'RewardClaimed').withArgs(alice.address, 2, r2);
      // Position 1 is fully paid; position 2 keeps accruing.
      await time.increase(DAY);
      const pending2 = await staking.pendingReward(2);
      expect(pending2 > 0n).to.equal(true);
      expect(await staking.pendingReward(1)).to.equal(0n);
    });
  });

  describe('unstake', () => {
    it('after the lock ends returns the principal in full plus the unpaid reward', async () => {
      const { staking, token, alice } = await loadFixture(deployFixture);
      const amount = 2_500n * TOKEN;
      const start = await txTime(await staking.connect(alice).stake(amount, 1));
      await time.setNextBlockTimestamp(start + 40n * DAY);
      await staking.connect(alice).claim(1);
      const claimed = reward(amount, 1_500n, 40n * DAY);
      await time.increaseTo(start + 90n * DAY); // exactly the lock end counts as ended
      const max = reward(amount, 1_500n, 90n * DAY);
      const quote = await staking.quoteUnstake(1);
      expect([quote.principalOut, quote.reward, quote.penalty]).to.deep.equal([amount, max - claimed, 0n]);
      const before = await staking.poolInfo();
      await time.setNextBlockTimestamp(start + 90n * DAY + 1n);
      const tx = staking.connect(alice).unstake(1);
      await expect(tx)
        .to.emit(staking, 'Unstaked')
        .withArgs(alice.address, 1, amount, max - claimed, 0n, 0n);
      await expect(tx).to.changeTokenBalances(token, [alice, staking], [amount + max - claimed, -(amount + max - claimed)]);
      const after = await staking.poolInfo();
      expect(after.available).to.equal(before.available);
      expect(after.reserved).to.equal(0n);
      expect(after.totalStaked).to.equal(0n);
      expect(await staking.positionCountOf(alice.address)).to.equal(0n);
      await expect(staking.position(1)).to.be.revertedWithCustomError(staking, 'PlexAiStakingUnknownPosition');
      await expect(staking.connect(alice).unstake(1))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingUnknownPosition')
        .withArgs(1);
    });

    it('before the lock ends withholds 10 % of principal into the pool and returns the unearned reservation', async () => {
      const { staking, token, alice } = await loadFixture(deployFixture);
      const amount = 1_234n * TOKEN + 5n;
      const start = await txTime(await staking.connect(alice).stake(amount, 2));
      const max = reward(amount, 2_500n, 180n * DAY);
      const poolBefore = await staking.poolInfo();
      const now = start + 77n * DAY + 123n;
      await time.setNextBlockTimestamp(now);
      const accrued = reward(amount, 2_500n, now - start);
      const penalty = (amount * PENALTY_BPS) / BPS;
      const tx = staking.connect(alice).unstake(1);
      await expect(tx)
        .to.emit(staking, 'Unstaked')
        .withArgs(alice.address, 1, amount - penalty, accrued, penalty, max - accrued);
      await expect(tx).to.changeTokenBalances(
        token,
        [alice, staking],
        [amount - penalty + accrued, -(amount - penalty + accrued)],
      );
      const pool = await staking.poolInfo();
      expect(pool.available).to.equal(poolBefore.available + penalty + (max - accrued));
      expect(pool.reserved).to.equal(0n);
      expect(pool.totalStaked).to.equal(0n);
      expect(await token.balanceOf(await staking.getAddress())).to.equal(pool.available);
    });

    it('works while paused and only for the owner of the position', async () => {
      const { staking, alice, bob, owner } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(100n * TOKEN, 0);
      await staking.connect(owner).pause();
      await expect(staking.connect(bob).unstake(1))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingNotPositionOwner')
        .withArgs(1, bob.address, alice.address);
      await expect(staking.connect(owner).unstake(1))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingNotPositionOwner')
        .withArgs(1, owner.address, alice.address);
      await expect(staking.connect(alice).unstake(1)).to.emit(staking, 'Unstaked');
    });

    it('keeps the owner\'s list intact when a middle, first or last position closes', async () => {
      const { staking, alice } = await loadFixture(deployFixture);
      for (let i = 0; i < 5; i++) await staking.connect(alice).stake(BigInt(i + 1) * TOKEN, i % 4);
      const ids = async () => (await staking.positionsOf(alice.address)).map((p) => p.id);
      expect(await ids()).to.deep.equal([5n, 4n, 3n, 2n, 1n]);
      await staking.connect(alice).unstake(3);
      expect(await ids()).to.deep.equal([5n, 4n, 2n, 1n]);
      await staking.connect(alice).unstake(5);
      expect(await ids()).to.deep.equal([4n, 2n, 1n]);
      await staking.connect(alice).unstake(1);
      expect(await ids()).to.deep.equal([4n, 2n]);
      await staking.connect(alice).stake(TOKEN, 0);
      expect(await ids()).to.deep.equal([6n, 4n, 2n]);
      await staking.connect(alice).unstake(4);
      await staking.connect(alice).unstake(6);
      await staking.connect(alice).unstake(2);
      expect(await ids()).to.deep.equal([]);
      expect(await staking.positionCountOf(alice.address)).to.equal(0n);
    });
  });

  describe('rate changes', () => {
    it('never touch an open position\'s APY or reservation', async () => {
      const { staking, distributor, alice, owner } = await loadFixture(deployFixture);
      const amount = 1_000n * TOKEN;
      const start = await txTime(await staking.connect(alice).stake(amount, 3));
      await distributor.connect(owner).queueApyChange(3, 9_000n);
      await time.increase(48n * 3600n);
      await distributor.executeApyChange(0);
      expect((await staking.lockOption(3)).apyBps).to.equal(9_000n);
      const p = await staking.position(1);
      expect(p.apyBps).to.equal(4_000n);
      expect(p.maxReward).to.equal(reward(amount, 4_000n, YEAR));
      await time.increaseTo(start + YEAR);
      expect(await staking.pendingReward(1)).to.equal(reward(amount, 4_000n, YEAR));
      // A new position gets the new rate.
      await staking.connect(alice).stake(amount, 3);
      expect((await staking.position(2)).apyBps).to.equal(9_000n);
    });
  });

  describe('distributor-only doors', () => {
    it('creditRewardPool and setOptionApy refuse anyone but the distributor', async () => {
      const { staking, alice, owner } = await loadFixture(deployFixture);
      for (const who of [alice, owner]) {
        await expect(staking.connect(who).creditRewardPool(1n))
          .to.be.revertedWithCustomError(staking, 'PlexAiStakingUnauthorizedDistributor')
          .withArgs(who.address);
        await expect(staking.connect(who).setOptionApy(0, 1n))
          .to.be.revertedWithCustomError(staking, 'PlexAiStakingUnauthorizedDistributor')
          .withArgs(who.address);
      }
    });

    it('creditRewardPool credits only tokens the contract holds beyond what it accounts for', async () => {
      const { staking, token, distributorEoa, owner } = await loadFixture(eoaDistributorFixture);
      await expect(staking.connect(distributorEoa).creditRewardPool(0)).to.be.revertedWithCustomError(
        staking,
        'PlexAiStakingZeroAmount',
      );
      await expect(staking.connect(distributorEoa).creditRewardPool(1n))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingUnbackedCredit')
        .withArgs(1n, 0n);
      await token.connect(owner).transfer(await staking.getAddress(), 100n);
      await expect(staking.connect(distributorEoa).creditRewardPool(101n))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingUnbackedCredit')
        .withArgs(101n, 100n);
      await expect(staking.connect(distributorEoa).creditRewardPool(60n))
        .to.emit(staking, 'RewardPoolCredited')
        .withArgs(60n, 60n);
      await expect(staking.connect(distributorEoa).creditRewardPool(41n))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingUnbackedCredit')
        .withArgs(41n, 40n);
      await expect(staking.connect(distributorEoa).creditRewardPool(40n))
        .to.emit(staking, 'RewardPoolCredited')
        .withArgs(40n, 100n);
    });

    it('setOptionApy checks the option and the cap and emits the change', async () => {
      const { staking, distributorEoa } = await loadFixture(eoaDistributorFixture);
      await expect(staking.connect(distributorEoa).setOptionApy(1, 5n))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingUnknownOption')
        .withArgs(1);
      await expect(staking.connect(distributorEoa).setOptionApy(0, 10_001n))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingApyAboveCap')
        .withArgs(10_001n, 10_000n);
      await expect(staking.connect(distributorEoa).setOptionApy(0, 10_000n))
        .to.emit(staking, 'LockOptionApyChanged')
        .withArgs(0, 1_000n, 10_000n);
    });
  });

  describe('no one can take principal or reservations', () => {
    it('exposes no withdrawal door to the owner', async () => {
      const { staking } = await loadFixture(deployFixture);
      const mutating = staking.interface.fragments
        .filter((f) => f.type === 'function' && !['view', 'pure'].includes(f.stateMutability))
        .map((f) => f.name)
        .sort();
      expect(mutating).to.deep.equal(
        [
          'acceptOwnership',
          'claim',
          'claimAll',
          'creditRewardPool',
          'pause',
          'renounceOwnership',
          'setOptionApy',
          'stake',
          'transferOwnership',
          'unpause',
          'unstake',
        ].sort(),
      );
    });

    it('transfers ownership in two steps', async () => {
      const { staking, owner, alice, bob } = await loadFixture(deployFixture);
      await expect(staking.connect(owner).transferOwnership(alice.address))
        .to.emit(staking, 'OwnershipTransferStarted')
        .withArgs(owner.address, alice.address);
      expect(await staking.owner()).to.equal(owner.address);
      await expect(staking.connect(bob).acceptOwnership())
        .to.be.revertedWithCustomError(staking, 'OwnableUnauthorizedAccount')
        .withArgs(bob.address);
      await expect(staking.connect(alice).acceptOwnership())
        .to.emit(staking, 'OwnershipTransferred')
        .withArgs(owner.address, alice.address);
      expect(await staking.owner()).to.equal(alice.address);
    });
  });

  describe('views', () => {
    it('earliestUnlock finds the soonest lock end among open positions', async () => {
      const { staking, alice } = await loadFixture(deployFixture);
      expect(await staking.earliestUnlock(alice.address)).to.deep.equal([0n, 0n]);
      const t1 = await txTime(await staking.connect(alice).stake(TOKEN, 3));
      const t2 = await txTime(await staking.connect(alice).stake(TOKEN, 0));
      const t3 = await txTime(await staking.connect(alice).stake(TOKEN, 1));
      void t1;
      void t3;
      expect(await staking.earliestUnlock(alice.address)).to.deep.equal([t2 + 30n * DAY, 2n]);
      await staking.connect(alice).unstake(2);
      expect(await staking.earliestUnlock(alice.address)).to.deep.equal([t3 + 90n * DAY, 3n]);
    });

    it('rewardFor is the whitepaper formula', async () => {
      const { staking } = await loadFixture(deployFixture);
      expect(await staking.rewardFor(1_000n * TOKEN, 1_000n, YEAR)).to.equal(100n * TOKEN);
      expect(await staking.rewardFor(1_000n * TOKEN, 4_000n, YEAR / 2n)).to.equal(200n * TOKEN);
      expect(await staking.rewardFor(1n, 1n, 1n)).to.equal(0n);
    });

    it('previewMaxReward rejects unknown options', async () => {
      const { staking } = await loadFixture(deployFixture);
      await expect(staking.previewMaxReward(1n, 7))
        .to.be.revertedWithCustomError(staking, 'PlexAiStakingUnknownOption')
        .withArgs(7);
    });
  });
});
