import { ContractFactory, getAddress, type Provider, type Signer } from 'ethers';
import {
  miningRewardsArtifact,
  plexAiStakingArtifact,
  plexAiTokenArtifact,
  rewardDistributorArtifact,
} from './artifacts';
import { connectPlexAi, type PlexAiAddresses, type PlexAiContracts } from './contracts';

const DAY = 24 * 60 * 60;

/** One staking lock option: how long positions opened with it are locked, and its APY. */
export interface LockOptionConfig {
  durationSeconds: number;
  apyBps: number;
}

/**
 * The lock options PlexAiStaking ships with (option id = index). The whitepaper's table was lost;
 * these are the project's defaults.
 */
export const DEFAULT_LOCK_OPTIONS: readonly LockOptionConfig[] = [
  { durationSeconds: 30 * DAY, apyBps: 800 },
  { durationSeconds: 90 * DAY, apyBps: 1_500 },
  { durationSeconds: 180 * DAY, apyBps: 2_500 },
  { durationSeconds: 365 * DAY, apyBps: 4_000 },
];

/** PLEXAI has 18 decimals. */
export const PLEXAI_DECIMALS = 18;
/** The default fixed supply: 1,000,000,000 PLEXAI. */
export const DEFAULT_TOTAL_SUPPLY = 1_000_000_000n * 10n ** 18n;

export interface DeployPlexAiOptions {
  /**
   * Final owner of RewardDistributor and PlexAiStaking and admin of MiningRewards (a multisig or
   * TimelockController in production). Defaults to the signer. When it differs from the signer,
   * PlexAiStaking and MiningRewards are created with it directly, while RewardDistributor (which
   * the signer must own to connect the staking contract) is handed over with Ownable2Step's
   * `transferOwnership`: the new owner must call `acceptOwnership()` on it.
   */
  owner?: string;
  /** Holder of MiningRewards' PUBLISHER_ROLE (the coordinator's key). Defaults to the owner. */
  publisher?: string;
  /** Receives the whole token supply. Defaults to the signer. */
  tokenRecipient?: string;
  /** The fixed supply in token units. Defaults to DEFAULT_TOTAL_SUPPLY. */
  totalSupply?: bigint;
  /** The staking lock options. Defaults to DEFAULT_LOCK_OPTIONS. */
  lockOptions?: readonly LockOptionConfig[];
  /** Tokens the signer puts into the staking reward pool right away (needs the signer to hold them). */
  stakingRewardPool?: bigint;
  /** Tokens the signer puts into MiningRewards right away (needs the signer to hold them). */
  miningRewardsFunding?: bigint;
  /** Confirmations to wait for on each transaction. Defaults to 1. */
  confirmations?: number;
  /** Called as each step completes, for progress output. */
  onStep?: (step: DeployStep) => void;
}

export interface DeployStep {
  name: string;
  hash: string;
  address?: string;
}

export interface PlexAiDeployment {
  chainId: bigint;
  deployer: string;
  owner: string;
  publisher: string;
  /** The block of the token's deployment: where an indexer starts reading events. */
  startBlock: number;
  addresses: PlexAiAddresses;
  /** The four contracts, bound to the signer that deployed them. */
  contracts: PlexAiContracts;
}

/**
 * Deploys PLEXAI, RewardDistributor, PlexAiStaking and MiningRewards with `signer`, wires the
 * distributor to the staking contract, optionally funds the staking reward pool and MiningRewards,
 * and returns the addresses and typed instances. Works against any ethers v6 signer: the devnet's
 * in-process chain, a test chain, BSC testnet or mainnet.
 */
export async function deployPlexAi(signer: Signer, options: DeployPlexAiOptions = {}): Promise<PlexAiDeployment> {
  const provider = signer.provider;
  if (!provider) throw new Error('deployPlexAi needs a signer connected to a provider');
  const deployer = await signer.getAddress();
  const owner = getAddress(options.owner ?? deployer);
  const publisher = getAddress(options.publisher ?? owner);
  const recipient = getAddress(options.tokenRecipient ?? deployer);
  const supply = options.totalSupply ?? DEFAULT_TOTAL_SUPPLY;
  const lockOptions = options.lockOptions ?? DEFAULT_LOCK_OPTIONS;
  const confirmations = options.confirmations ?? 1;
  const step = options.onStep ?? (() => {});
  const { chainId } = await provider.getNetwork();
  // Nonces are assigned here rather than by the signer: ethers' providers cache
  // eth_getTransactionCount for 250 ms, so back-to-back sends on a fast chain would reuse one.
  let nonce = await pendingNonce(provider, deployer);
  const next = () => ({ nonce: nonce++ });

  const deploy = async (
    name: string,
    artifact: { abi: readonly unknown[]; bytecode: string },
    args: unknown[],
  ): Promise<{ address: string; block: number }> => {
    const factory = new ContractFactory(artifact.abi as never, artifact.bytecode, signer);
    const contract = await factory.deploy(...args, next());
    const tx = contract.deploymentTransaction();
    if (!tx) throw new Error(`${name}: no deployment transaction`);
    const receipt = await tx.wait(confirmations);
    if (!receipt?.contractAddress) throw new Error(`${name}: deployment failed`);
    step({ name: `deploy ${name}`, hash: tx.hash, address: receipt.contractAddress });
    return { address: getAddress(receipt.contractAddress), block: receipt.blockNumber };
  };
  const send = async (name: string, tx: Promise<{ hash: string; wait(c?: number): Promise<unknown> }>) => {
    const sent = await tx;
    await sent.wait(confirmations);
    step({ name, hash: sent.hash });
  };

  const token = await deploy('PlexAiToken', plexAiTokenArtifact, [recipient, supply]);
  const distributor = await deploy('RewardDistributor', rewardDistributorArtifact, [token.address, deployer]);
  const staking = await deploy('PlexAiStaking', plexAiStakingArtifact, [
    token.address,
    distributor.address,
    owner,
    lockOptions.map((o) => BigInt(o.durationSeconds)),
    lockOptions.map((o) => BigInt(o.apyBps)),
  ]);
  const miningRewards = await deploy('MiningRewards', miningRewardsArtifact, [token.address, owner, publisher]);

  const addresses: PlexAiAddresses = {
    token: token.address,
    distributor: distributor.address,
    staking: staking.address,
    miningRewards: miningRewards.address,
  };
  const contracts = connectPlexAi(addresses, signer);

  await send('RewardDistributor.setStaking', contracts.distributor.setStaking(addresses.staking, next()));
  if (options.stakingRewardPool && options.stakingRewardPool > 0n) {
    await send('PlexAiToken.approve(distributor)', contracts.token.approve(addresses.distributor, options.stakingRewardPool, next()));
    await send('RewardDistributor.fund', contracts.distributor.fund(options.stakingRewardPool, next()));
  }
  if (options.miningRewardsFunding && options.miningRewardsFunding > 0n) {
    await send('PlexAiToken.transfer(miningRewards)', contracts.token.transfer(addresses.miningRewards, options.miningRewardsFunding, next()));
  }
  if (owner !== deployer) {
    await send('RewardDistributor.transferOwnership', contracts.distributor.transferOwnership(owner, next()));
  }

  return { chainId, deployer, owner, publisher, startBlock: token.block, addresses, contracts };
}

/** The account's pending nonce, read past ethers' short-lived request cache where possible. */
async function pendingNonce(provider: Provider, address: string): Promise<number> {
  const rpc = provider as Provider & { send?: (method: string, params: unknown[]) => Promise<unknown> };
  if (typeof rpc.send === 'function') {
    return Number(BigInt((await rpc.send('eth_getTransactionCount', [address, 'pending'])) as string));
  }
  return provider.getTransactionCount(address, 'pending');
}

/** A JSON-friendly summary of a deployment (the whitepaper's "Contract Addresses Summary"). */
export interface PlexAiAddressSummary {
  chainId: string;
  deployer: string;
  owner: string;
  publisher: string;
  startBlock: number;
  contracts: { PlexAiToken: string; RewardDistributor: string; PlexAiStaking: string; MiningRewards: string };
}

export function addressSummary(deployment: PlexAiDeployment): PlexAiAddressSummary {
  return {
    chainId: deployment.chainId.toString(),
    deployer: deployment.deployer,
    owner: deployment.owner,
    publisher: deployment.publisher,
    startBlock: deployment.startBlock,
    contracts: {
      PlexAiToken: deployment.addresses.token,
      RewardDistributor: deployment.addresses.distributor,
      PlexAiStaking: deployment.addresses.staking,
      MiningRewards: deployment.addresses.miningRewards,
    },
  };
}
