// Shared deployment fixture and helpers for the contract tests (not a test file itself).
const { ethers } = require('hardhat');

const DAY = 24n * 60n * 60n;
const YEAR = 365n * DAY;
const BPS = 10_000n;
const PENALTY_BPS = 1_000n;
/** The shipped lock options: [duration seconds, APY bps]. Option id = index. */
const LOCK_OPTIONS = [
  [30n * DAY, 800n],
  [90n * DAY, 1_500n],
  [180n * DAY, 2_500n],
  [365n * DAY, 4_000n],
];
const TOKEN = 10n ** 18n;
const SUPPLY = 1_000_000_000n * TOKEN;
const POOL_FUNDING = 10_000_000n * TOKEN;
const USER_TOKENS = 1_000_000n * TOKEN;

/** The whitepaper formula, in independent BigInt arithmetic. */
function reward(amount, apyBps, elapsed) {
  return (BigInt(amount) * BigInt(apyBps) * BigInt(elapsed)) / (BPS * YEAR);
}

/** A small deterministic PRNG (mulberry32) so randomized tests can be replayed from a seed. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    big: (lo, hi) => {
      lo = BigInt(lo);
      hi = BigInt(hi);
      const span = hi - lo + 1n;
      let r = 0n;
      for (let i = 0; i < 4; i++) r = (r << 32n) | BigInt(Math.floor(next() * 4294967296));
      return lo + (r % span);
    },
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
}

/** The seed for randomized tests: PLEXAI_SEED if set, else a fixed one. */
function seed() {
  const s = process.env.PLEXAI_SEED ? Number(process.env.PLEXAI_SEED) : 0x9e3779b9;
  return s;
}

async function deployStack(owner, publisher) {
  const token = await ethers.deployContract('PlexAiToken', [owner.address, SUPPLY], owner);
  const distributor = await ethers.deployContract('RewardDistributor', [await token.getAddress(), owner.address], owner);
  const staking = await ethers.deployContract(
    'PlexAiStaking',
    [
      await token.getAddress(),
      await distributor.getAddress(),
      owner.address,
      LOCK_OPTIONS.map(([d]) => d),
      LOCK_OPTIONS.map(([, a]) => a),
    ],
    owner,
  );
  await distributor.connect(owner).setStaking(await staking.getAddress());
  const mining = await ethers.deployContract(
    'MiningRewards',
    [await token.getAddress(), owner.address, publisher.address],
    owner,
  );
  return { token, distributor, staking, mining };
}

/** Deploys everything, funds the staking pool, and hands users tokens with approvals. */
async function deployFixture() {
  return setupStack(POOL_FUNDING);
}

/** Like deployFixture, with a chosen initial reward pool. */
async function setupStack(poolFunding) {
  const [owner, publisher, alice, bob, carol, dave, eve, frank] = await ethers.getSigners();
  const users = [alice, bob, carol, dave, eve, frank];
  const { token, distributor, staking, mining } = await deployStack(owner, publisher);
  await token.connect(owner).approve(await distributor.getAddress(), ethers.MaxUint256);
  await distributor.connect(owner).fund(poolFunding);
  for (const u of users) {
    await token.connect(owner).transfer(u.address, USER_TOKENS);
    await token.connect(u).approve(await staking.getAddress(), ethers.MaxUint256);
  }
  return { token, distributor, staking, mining, owner, publisher, alice, bob, carol, dave, eve, frank, users };
}

/** The timestamp of the block a transaction was mined in. */
async function txTime(tx) {
  const receipt = await tx.wait();
  const block = await ethers.provider.getBlock(receipt.blockNumber);
  return BigInt(block.timestamp);
}

module.exports = {
  DAY,
  YEAR,
  BPS,
  PENALTY_BPS,
  LOCK_OPTIONS,
  TOKEN,
  SUPPLY,
  POOL_FUNDING,
  USER_TOKENS,
  reward,
  prng,
  seed,
  deployStack,
  deployFixture,
  setupStack,
  txTime,
};
