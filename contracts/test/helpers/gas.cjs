// Gas of the user-facing operations, measured on the in-process Hardhat network. Shared by the
// gas test and scripts/gas-report.cjs (which prints it as one JSON line for bench/).
const { ethers } = require('hardhat');
const { time } = require('@nomicfoundation/hardhat-network-helpers');
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');
const { DAY, TOKEN, setupStack } = require('./fixture.cjs');

async function gasOf(txPromise) {
  const receipt = await (await txPromise).wait();
  return Number(receipt.gasUsed);
}

/** @returns {Promise<Record<string, number>>} gas used per operation */
async function measureGas() {
  const { staking, distributor, mining, token, owner, publisher, alice, bob, carol } = await setupStack(
    10_000_000n * TOKEN,
  );
  const gas = {};
  // The cheapest thing a holder does, as the baseline the bench compares every operation with.
  gas.token_transfer = await gasOf(token.connect(alice).transfer(bob.address, 1n * TOKEN));
  // A user's first position costs the most (fresh storage for the owner's list).
  gas.stake_first = await gasOf(staking.connect(alice).stake(1_000n * TOKEN, 3));
  gas.stake = await gasOf(staking.connect(alice).stake(1_000n * TOKEN, 1));
  await staking.connect(alice).stake(1_000n * TOKEN, 0);
  await time.increase(10n * DAY);
  gas.claim = await gasOf(staking.connect(alice).claim(1));
  gas.claim_all_3_positions = await gasOf(staking.connect(alice).claimAll());
  gas.unstake_early = await gasOf(staking.connect(alice).unstake(2));
  await time.increase(400n * DAY);
  gas.unstake_late = await gasOf(staking.connect(alice).unstake(1));
  await token.connect(owner).approve(await distributor.getAddress(), ethers.MaxUint256);
  gas.fund = await gasOf(distributor.connect(owner).fund(1_000n * TOKEN));

  await token.connect(owner).approve(await mining.getAddress(), ethers.MaxUint256);
  await mining.connect(owner).fund(1_000_000n * TOKEN);
  // A realistic tree: 1,000 miners, so proofs have 10 levels.
  const signers = [alice, bob, carol];
  const values = signers.map((s, i) => [s.address, ((i + 1) * 1_000).toString()]);
  for (let i = 0; values.length < 1_000; i++) values.push([ethers.getAddress(ethers.toBeHex(i + 1_000, 20)), '1']);
  const tree = StandardMerkleTree.of(values, ['address', 'uint256']);
  const total = values.reduce((a, [, v]) => a + BigInt(v), 0n);
  gas.publish_root = await gasOf(mining.connect(publisher).publishRoot(1, tree.root, total));
  gas.mining_claim = await gasOf(mining.connect(bob).claim(bob.address, 2_000n, tree.getProof(1)));
  return gas;
}

/** Operations a user pays for, each of which should cost at most this much. */
const USER_OPERATION_GAS_LIMIT = 150_000;
const USER_OPERATIONS = ['stake_first', 'stake', 'claim', 'unstake_early', 'unstake_late', 'fund', 'mining_claim'];

module.exports = { measureGas, USER_OPERATION_GAS_LIMIT, USER_OPERATIONS };
