const { expect } = require('chai');
const { ethers } = require('hardhat');
const { loadFixture } = require('@nomicfoundation/hardhat-network-helpers');
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');
const { TOKEN, deployFixture, txTime } = require('./helpers/fixture.cjs');

/** Builds an epoch's tree over { address: cumulative } the way the coordinator does. */
function epochTree(cumulative) {
  const values = Object.entries(cumulative).map(([account, amount]) => [account, amount.toString()]);
  const tree = StandardMerkleTree.of(values, ['address', 'uint256']);
  const total = Object.values(cumulative).reduce((a, b) => a + b, 0n);
  const proof = (account) => tree.getProof([account, cumulative[account].toString()]);
  return { root: tree.root, total, proof };
}

async function miningFixture() {
  const base = await deployFixture();
  const { mining, token, owner } = base;
  await token.connect(owner).approve(await mining.getAddress(), ethers.MaxUint256);
  return base;
}

describe('MiningRewards', () => {
  it('sets up roles and refuses zero addresses', async () => {
    const { mining, token, owner, publisher } = await loadFixture(miningFixture);
    expect(await mining.token()).to.equal(await token.getAddress());
    expect(await mining.hasRole(await mining.DEFAULT_ADMIN_ROLE(), owner.address)).to.equal(true);
    expect(await mining.hasRole(await mining.PUBLISHER_ROLE(), publisher.address)).to.equal(true);
    expect(await mining.PUBLISHER_ROLE()).to.equal(ethers.id('PUBLISHER_ROLE'));
    const factory = await ethers.getContractFactory('MiningRewards');
    await expect(factory.deploy(ethers.ZeroAddress, owner.address, publisher.address)).to.be.revertedWithCustomError(
      factory,
      'MiningRewardsZeroAddress',
    );
    await expect(factory.deploy(owner.address, ethers.ZeroAddress, publisher.address)).to.be.revertedWithCustomError(
      factory,
      'MiningRewardsZeroAddress',
    );
    const noPublisher = await factory.deploy(await token.getAddress(), owner.address, ethers.ZeroAddress);
    expect(await noPublisher.hasRole(await noPublisher.PUBLISHER_ROLE(), ethers.ZeroAddress)).to.equal(false);
  });

  it('fund pulls tokens and records the funder; zero is refused', async () => {
    const { mining, token, owner } = await loadFixture(miningFixture);
    await expect(mining.connect(owner).fund(0)).to.be.revertedWithCustomError(mining, 'MiningRewardsZeroAmount');
    const tx = mining.connect(owner).fund(1_000n * TOKEN);
    await expect(tx).to.emit(mining, 'Funded').withArgs(owner.address, 1_000n * TOKEN);
    await expect(tx).to.changeTokenBalances(token, [owner, mining], [-1_000n * TOKEN, 1_000n * TOKEN]);
  });

  it('pays cumulative earnings across several epochs, each claim the difference', async () => {
    const { mining, token, owner, publisher, alice, bob, carol, dave } = await loadFixture(miningFixture);
    await mining.connect(owner).fund(1_000n * TOKEN);

    await expect(mining.claim(alice.address, 1n, [])).to.be.revertedWithCustomError(mining, 'MiningRewardsNoRoot');

    const e1 = epochTree({ [alice.address]: 100n * TOKEN, [bob.address]: 50n * TOKEN });
    const published = mining.connect(publisher).publishRoot(1, e1.root, e1.total);
    await expect(published).to.emit(mining, 'EpochPublished').withArgs(1, e1.root, e1.total);
    const t1 = await txTime(await published);
    expect(await mining.latest()).to.deep.equal([1n, e1.root, e1.total]);
    expect(await mining.outstanding()).to.equal(150n * TOKEN);

    await expect(mining.connect(alice).claim(alice.address, 100n * TOKEN, e1.proof(alice.address)))
      .to.emit(mining, 'Claimed')
      .withArgs(alice.address, 100n * TOKEN, 100n * TOKEN);

    const e2 = epochTree({ [alice.address]: 250n * TOKEN, [bob.address]: 80n * TOKEN, [carol.address]: 30n * TOKEN });
    await mining.connect(publisher).publishRoot(2, e2.root, e2.total);

    // The old epoch's proof no longer verifies: claims go against the latest root.
    await expect(mining.claim(bob.address, 50n * TOKEN, e1.proof(bob.address)))
      .to.be.revertedWithCustomError(mining, 'MiningRewardsInvalidProof')
      .withArgs(bob.address, 50n * TOKEN);

    // Anyone may submit; the tokens go to the miner.
    const tx = mining.connect(dave).claim(alice.address, 250n * TOKEN, e2.proof(alice.address));
    await expect(tx).to.emit(mining, 'Claimed').withArgs(alice.address, 150n * TOKEN, 250n * TOKEN);
    await expect(tx).to.changeTokenBalances(token, [alice, dave, mining], [150n * TOKEN, 0n, -150n * TOKEN]);
    await expect(mining.claim(bob.address, 80n * TOKEN, e2.proof(bob.address)))
      .to.emit(mining, 'Claimed')
      .withArgs(bob.address, 80n * TOKEN, 80n * TOKEN);
    await mining.claim(carol.address, 30n * TOKEN, e2.proof(carol.address));

    expect(await mining.claimed(alice.address)).to.equal(250n * TOKEN);
    expect(await mining.claimed(bob.address)).to.equal(80n * TOKEN);
    expect(await mining.totalClaimed()).to.equal(360n * TOKEN);
    expect(await mining.outstanding()).to.equal(0n);
    expect(await token.balanceOf(await mining.getAddress())).to.equal(640n * TOKEN);

    // Every epoch stays on chain.
    const r1 = await mining.epochRoot(1);
    expect([r1.root, r1.cumulativeTotal, r1.publishedAt]).to.deep.equal([e1.root, e1.total, t1]);
    expect((await mining.epochRoot(2)).root).to.equal(e2.root);
    await expect(mining.epochRoot(3)).to.be.revertedWithCustomError(mining, 'MiningRewardsUnknownEpoch').withArgs(3);
  });

  it('refuses a double claim and a wrong proof', async () => {
    const { mining, owner, publisher, alice, bob } = await loadFixture(miningFixture);
    await mining.connect(owner).fund(1_000n * TOKEN);
    const e = epochTree({ [alice.address]: 10n * TOKEN, [bob.address]: 20n * TOKEN });
    await mining.connect(publisher).publishRoot(7, e.root, e.total);
    await mining.claim(alice.address, 10n * TOKEN, e.proof(alice.address));
    await expect(mining.claim(alice.address, 10n * TOKEN, e.proof(alice.address)))
      .to.be.revertedWithCustomError(mining, 'MiningRewardsNothingToClaim')
      .withArgs(alice.address, 10n * TOKEN, 10n * TOKEN);
    // Inflated amount, someone else's proof, someone else's leaf for yourself, empty proof.
    await expect(mining.claim(bob.address, 21n * TOKEN, e.proof(bob.address)))
      .to.be.revertedWithCustomError(mining, 'MiningRewardsInvalidProof')
      .withArgs(bob.address, 21n * TOKEN);
    await expect(mining.claim(bob.address, 20n * TOKEN, e.proof(alice.address)))
      .to.be.revertedWithCustomError(mining, 'MiningRewardsInvalidProof')
      .withArgs(bob.address, 20n * TOKEN);
    await expect(mining.claim(alice.address, 20n * TOKEN, e.proof(bob.address)))
      .to.be.revertedWithCustomError(mining, 'MiningRewardsInvalidProof')
      .withArgs(alice.address, 20n * TOKEN);
    await expect(mining.claim(bob.address, 20n * TOKEN, []))
      .to.be.revertedWithCustomError(mining, 'MiningRewardsInvalidProof')
      .withArgs(bob.address, 20n * TOKEN);
    // None of that spent anything: the honest claim still pays in full.
    await mining.claim(bob.address, 20n * TOKEN, e.proof(bob.address));
  });

  it('rejects a root the balance cannot cover, counting what was already claimed', async () => {
    const { mining, owner, publisher, alice, bob } = await loadFixture(miningFixture);
    await mining.connect(owner).fund(100n * TOKEN);
    const big = epochTree({ [alice.address]: 60n * TOKEN, [bob.address]: 41n * TOKEN });
    await expect(mining.connect(publisher).publishRoot(1, big.root, big.total))
      .to.be.revertedWithCustomError(mining, 'MiningRewardsUnderfunded')
      .withArgs(101n * TOKEN, 100n * TOKEN);
    const e1 = epochTree({ [alice.address]: 60n * TOKEN, [bob.address]: 40n * TOKEN });
    await mining.connect(publisher).publishRoot(1, e1.root, e1.total);
    await mining.claim(alice.address, 60n * TOKEN, e1.proof(alice.address));
    // Balance 40, claimed 60: a cumulative total of 150 leaves 90 unpaid.
    const e2 = epochTree({ [alice.address]: 100n * TOKEN, [bob.address]: 50n * TOKEN });
    await expect(mining.connect(publisher).publishRoot(2, e2.root, e2.total))
      .to.be.revertedWithCustomError(mining, 'MiningRewardsUnderfunded')
      .withArgs(90n * TOKEN, 40n * TOKEN);
    await mining.connect(owner).fund(50n * TOKEN);
    await expect(mining.connect(publisher).publishRoot(2, e2.root, e2.total)).to.emit(mining, 'EpochPublished');
  });

  it('only the publisher publishes; epochs increase; totals never decrease; roots are non-zero', async () => {
    const { mining, owner, publisher, alice } = await loadFixture(miningFixture);
    await mining.connect(owner).fund(100n * TOKEN);
    const role = await mining.PUBLISHER_ROLE();
    const e = epochTree({ [alice.address]: 10n * TOKEN });
    await expect(mining.connect(alice).publishRoot(1, e.root, e.total))
      .to.be.revertedWithCustomError(mining, 'AccessControlUnauthorizedAccount')
      .withArgs(alice.address, role);
    await expect(mining.connect(owner).publishRoot(1, e.root, e.total))
      .to.be.revertedWithCustomError(mining, 'AccessControlUnauthorizedAccount')
      .withArgs(owner.address, role);
    await expect(mining.connect(publisher).publishRoot(1, ethers.ZeroHash, 0n)).to.be.revertedWithCustomError(
      mining,
      'MiningRewardsZeroRoot',
    );
    // Epoch 0 is a valid first epoch.
    await mining.connect(publisher).publishRoot(0, e.root, e.total);
    await expect(mining.connect(publisher).publishRoot(0, e.root, e.total))
      .to.be.revertedWithCustomError(mining, 'MiningRewardsEpochNotIncreasing')
      .withArgs(0, 0);
    await mining.connect(publisher).publishRoot(5, e.root, e.total);
    await expect(mining.connect(publisher).publishRoot(4, e.root, e.total))
      .to.be.revertedWithCustomError(mining, 'MiningRewardsEpochNotIncreasing')
      .withArgs(4, 5);
    const smaller = epochTree({ [alice.address]: 9n * TOKEN });
    await expect(mining.connect(publisher).publishRoot(6, smaller.root, smaller.total))
      .to.be.revertedWithCustomError(mining, 'MiningRewardsCumulativeDecreased')
      .withArgs(9n * TOKEN, 10n * TOKEN);
    // The admin can hand the role to a new coordinator key.
    await mining.connect(owner).grantRole(role, alice.address);
    await expect(mining.connect(alice).publishRoot(6, e.root, e.total)).to.emit(mining, 'EpochPublished');
  });
});
