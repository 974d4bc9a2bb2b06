const { expect } = require('chai');
const { ethers } = require('hardhat');
const { loadFixture, time } = require('@nomicfoundation/hardhat-network-helpers');
const { DAY, LOCK_OPTIONS, TOKEN, POOL_FUNDING, deployFixture, txTime } = require('./helpers/fixture.cjs');

const DELAY = 48n * 3600n;
const Status = { None: 0, Queued: 1, Executed: 2, Cancelled: 3 };

/** A distributor whose staking contract is not connected yet. */
async function unconnectedFixture() {
  const [owner, alice] = await ethers.getSigners();
  const token = await ethers.deployContract('PlexAiToken', [owner.address, 1_000_000n * TOKEN]);
  const distributor = await ethers.deployContract('RewardDistributor', [await token.getAddress(), owner.address]);
  const staking = await ethers.deployContract('PlexAiStaking', [
    await token.getAddress(),
    await distributor.getAddress(),
    owner.address,
    [DAY],
    [100n],
  ]);
  return { token, distributor, staking, owner, alice };
}

describe('RewardDistributor', () => {
  describe('setStaking', () => {
    it('connects the staking contract once, by the owner', async () => {
      const { distributor, staking, owner, alice } = await loadFixture(unconnectedFixture);
      expect(await distributor.staking()).to.equal(ethers.ZeroAddress);
      await expect(distributor.connect(alice).setStaking(await staking.getAddress()))
        .to.be.revertedWithCustomError(distributor, 'OwnableUnauthorizedAccount')
        .withArgs(alice.address);
      await expect(distributor.connect(owner).setStaking(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        distributor,
        'RewardDistributorZeroAddress',
      );
      await expect(distributor.connect(owner).setStaking(await staking.getAddress()))
        .to.emit(distributor, 'StakingSet')
        .withArgs(await staking.getAddress());
      expect(await distributor.staking()).to.equal(await staking.getAddress());
      await expect(distributor.connect(owner).setStaking(await staking.getAddress()))
        .to.be.revertedWithCustomError(distributor, 'RewardDistributorStakingAlreadySet')
        .withArgs(await staking.getAddress());
    });

    it('refuses a staking contract that names another distributor or token', async () => {
      const { distributor, token, owner, alice } = await loadFixture(unconnectedFixture);
      const otherDistributor = await ethers.deployContract('PlexAiStaking', [
        await token.getAddress(),
        alice.address,
        owner.address,
        [DAY],
        [100n],
      ]);
      await expect(distributor.connect(owner).setStaking(await otherDistributor.getAddress()))
        .to.be.revertedWithCustomError(distributor, 'RewardDistributorStakingMismatch')
        .withArgs(await otherDistributor.getAddress());
      const otherToken = await ethers.deployContract('PlexAiToken', [owner.address, 1n]);
      const wrongToken = await ethers.deployContract('PlexAiStaking', [
        await otherToken.getAddress(),
        await distributor.getAddress(),
        owner.address,
        [DAY],
        [100n],
      ]);
      await expect(distributor.connect(owner).setStaking(await wrongToken.getAddress()))
        .to.be.revertedWithCustomError(distributor, 'RewardDistributorStakingMismatch')
        .withArgs(await wrongToken.getAddress());
    });

    it('rejects a zero token or owner at deployment', async () => {
      const [owner] = await ethers.getSigners();
      const factory = await ethers.getContractFactory('RewardDistributor');
      await expect(factory.deploy(ethers.ZeroAddress, owner.address)).to.be.revertedWithCustomError(
        factory,
        'RewardDistributorZeroAddress',
      );
      await expect(factory.deploy(owner.address, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(factory, 'OwnableInvalidOwner')
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe('fund', () => {
    it('moves tokens from anyone into the staking contract and credits the available pool', async () => {
      const { distributor, staking, token, alice } = await loadFixture(deployFixture);
      await token.connect(alice).approve(await distributor.getAddress(), 500n * TOKEN);
      const tx = distributor.connect(alice).fund(500n * TOKEN);
      await expect(tx).to.emit(distributor, 'RewardPoolFunded').withArgs(alice.address, 500n * TOKEN, 500n * TOKEN);
      await expect(tx).to.emit(staking, 'RewardPoolCredited').withArgs(500n * TOKEN, POOL_FUNDING + 500n * TOKEN);
      await expect(tx).to.changeTokenBalances(token, [alice, staking, distributor], [-500n * TOKEN, 500n * TOKEN, 0n]);
      expect((await staking.poolInfo()).available).to.equal(POOL_FUNDING + 500n * TOKEN);
    });

    it('rejects zero, and funding before the staking contract is connected', async () => {
      const { distributor, owner } = await loadFixture(unconnectedFixture);
      await expect(distributor.connect(owner).fund(0)).to.be.revertedWithCustomError(distributor, 'RewardDistributorZeroAmount');
      await expect(distributor.connect(owner).fund(1n)).to.be.revertedWithCustomError(
        distributor,
        'RewardDistributorStakingNotSet',
      );
    });

    it('credits the balance actually received, not the amount sent', async () => {
      const [owner] = await ethers.getSigners();
      const fee = await ethers.deployContract('FeeOnTransferToken', [1_000_000n * TOKEN]);
      const distributor = await ethers.deployContract('RewardDistributor', [await fee.getAddress(), owner.address]);
      const staking = await ethers.deployContract('PlexAiStaking', [
        await fee.getAddress(),
        await distributor.getAddress(),
        owner.address,
        [DAY],
        [100n],
      ]);
      await distributor.setStaking(await staking.getAddress());
      await fee.approve(await distributor.getAddress(), ethers.MaxUint256);
      await expect(distributor.fund(1_000n))
        .to.emit(distributor, 'RewardPoolFunded')
        .withArgs(owner.address, 1_000n, 990n);
      expect((await staking.poolInfo()).available).to.equal(990n);
      expect(await fee.balanceOf(await staking.getAddress())).to.equal(990n);
      // An amount so small the fee takes... nothing (1 % of 99 rounds to 0) is credited whole.
      await expect(distributor.fund(99n)).to.emit(distributor, 'RewardPoolFunded').withArgs(owner.address, 99n, 99n);
    });
  });

  describe('APY timelock', () => {
    it('queues a change that anyone can execute 48 hours later; new stakes get the new rate', async () => {
      const { distributor, staking, owner, alice, bob } = await loadFixture(deployFixture);
      expect(await distributor.RATE_CHANGE_DELAY()).to.equal(DELAY);
      expect(await distributor.MAX_APY_BPS()).to.equal(10_000n);
      const queued = distributor.connect(owner).queueApyChange(1, 2_000n);
      const t = await txTime(await queued);
      await expect(queued).to.emit(distributor, 'ApyChangeQueued').withArgs(0, 1, 2_000n, t + DELAY);
      expect(await distributor.apyChangeCount()).to.equal(1n);
      const change = await distributor.apyChange(0);
      expect([change.optionId, change.apyBps, change.eta, change.status]).to.deep.equal([1n, 2_000n, t + DELAY, 1n]);

      await time.setNextBlockTimestamp(t + DELAY - 1n);
      await expect(distributor.connect(alice).executeApyChange(0))
        .to.be.revertedWithCustomError(distributor, 'RewardDistributorTimelockNotElapsed')
        .withArgs(0, t + DELAY, t + DELAY - 1n);
      expect((await staking.lockOption(1)).apyBps).to.equal(LOCK_OPTIONS[1][1]);

      await time.setNextBlockTimestamp(t + DELAY);
      const executed = distributor.connect(alice).executeApyChange(0);
      await expect(executed).to.emit(distributor, 'ApyChangeExecuted').withArgs(0, 1, 2_000n);
      await expect(executed).to.emit(staking, 'LockOptionApyChanged').withArgs(1, LOCK_OPTIONS[1][1], 2_000n);
      expect((await staking.lockOption(1)).apyBps).to.equal(2_000n);
      expect((await distributor.apyChange(0)).status).to.equal(BigInt(Status.Executed));
      await expect(distributor.executeApyChange(0))
        .to.be.revertedWithCustomError(distributor, 'RewardDistributorChangeNotQueued')
        .withArgs(0, Status.Executed);

      await staking.connect(bob).stake(TOKEN, 1);
      expect((await staking.position(1)).apyBps).to.equal(2_000n);
    });

    it('lets only the owner queue and cancel; a cancelled change never executes', async () => {
      const { distributor, staking, owner, alice } = await loadFixture(deployFixture);
      await expect(distributor.connect(alice).queueApyChange(0, 1n))
        .to.be.revertedWithCustomError(distributor, 'OwnableUnauthorizedAccount')
        .withArgs(alice.address);
      await distributor.connect(owner).queueApyChange(0, 1_234n);
      await expect(distributor.connect(alice).cancelApyChange(0))
        .to.be.revertedWithCustomError(distributor, 'OwnableUnauthorizedAccount')
        .withArgs(alice.address);
      await expect(distributor.connect(owner).cancelApyChange(0)).to.emit(distributor, 'ApyChangeCancelled').withArgs(0, 0);
      await time.increase(DELAY * 2n);
      await expect(distributor.executeApyChange(0))
        .to.be.revertedWithCustomError(distributor, 'RewardDistributorChangeNotQueued')
        .withArgs(0, Status.Cancelled);
      await expect(distributor.connect(owner).cancelApyChange(0))
        .to.be.revertedWithCustomError(distributor, 'RewardDistributorChangeNotQueued')
        .withArgs(0, Status.Cancelled);
      expect((await staking.lockOption(0)).apyBps).to.equal(LOCK_OPTIONS[0][1]);
    });

    it('rejects an APY above 10,000 bps, unknown options and unknown changes', async () => {
      const { distributor, owner } = await loadFixture(deployFixture);
      await expect(distributor.connect(owner).queueApyChange(0, 10_001n))
        .to.be.revertedWithCustomError(distributor, 'RewardDistributorApyAboveCap')
        .withArgs(10_001n, 10_000n);
      await expect(distributor.connect(owner).queueApyChange(4, 100n))
        .to.be.revertedWithCustomError(distributor, 'RewardDistributorUnknownOption')
        .withArgs(4);
      await expect(distributor.connect(owner).queueApyChange(0, 10_000n)).to.emit(distributor, 'ApyChangeQueued');
      await expect(distributor.connect(owner).queueApyChange(0, 0n)).to.emit(distributor, 'ApyChangeQueued');
      await expect(distributor.executeApyChange(2))
        .to.be.revertedWithCustomError(distributor, 'RewardDistributorUnknownChange')
        .withArgs(2);
      await expect(distributor.connect(owner).cancelApyChange(2))
        .to.be.revertedWithCustomError(distributor, 'RewardDistributorUnknownChange')
        .withArgs(2);
      await expect(distributor.apyChange(2))
        .to.be.revertedWithCustomError(distributor, 'RewardDistributorUnknownChange')
        .withArgs(2);
    });

    it('cannot queue before the staking contract is connected', async () => {
      const { distributor, owner } = await loadFixture(unconnectedFixture);
      await expect(distributor.connect(owner).queueApyChange(0, 1n)).to.be.revertedWithCustomError(
        distributor,
        'RewardDistributorStakingNotSet',
      );
    });

    it('executes queued changes in any order; the last executed wins', async () => {
      const { distributor, staking, owner } = await loadFixture(deployFixture);
      await distributor.connect(owner).queueApyChange(2, 3_000n);
      await distributor.connect(owner).queueApyChange(2, 3_500n);
      await time.increase(DELAY);
      await distributor.executeApyChange(1);
      await distributor.executeApyChange(0);
      expect((await staking.lockOption(2)).apyBps).to.equal(3_000n);
    });
  });

  it('transfers ownership in two steps', async () => {
    const { distributor, owner, alice } = await loadFixture(deployFixture);
    await distributor.connect(owner).transferOwnership(alice.address);
    expect(await distributor.pendingOwner()).to.equal(alice.address);
    await expect(distributor.connect(alice).acceptOwnership())
      .to.emit(distributor, 'OwnershipTransferred')
      .withArgs(owner.address, alice.address);
    await expect(distributor.connect(alice).queueApyChange(0, 1n)).to.emit(distributor, 'ApyChangeQueued');
    await expect(distributor.connect(owner).queueApyChange(0, 1n))
      .to.be.revertedWithCustomError(distributor, 'OwnableUnauthorizedAccount')
      .withArgs(owner.address);
  });
});
