import { Contract, Interface, type ContractRunner, type JsonFragment } from 'ethers';
import {
  miningRewardsArtifact,
  plexAiStakingArtifact,
  plexAiTokenArtifact,
  rewardDistributorArtifact,
  type MiningRewardsContract,
  type PlexAiStakingContract,
  type PlexAiTokenContract,
  type RewardDistributorContract,
} from './artifacts';

/** The four contracts' artifacts by name. */
export const plexAiArtifacts = {
  PlexAiToken: plexAiTokenArtifact,
  RewardDistributor: rewardDistributorArtifact,
  PlexAiStaking: plexAiStakingArtifact,
  MiningRewards: miningRewardsArtifact,
} as const;

export type PlexAiContractName = keyof typeof plexAiArtifacts;

/** The four contracts' addresses. */
export interface PlexAiAddresses {
  token: string;
  distributor: string;
  staking: string;
  miningRewards: string;
}

/** The four contracts, typed and bound to one runner (a provider for reads, a signer for writes). */
export interface PlexAiContracts {
  token: PlexAiTokenContract;
  distributor: RewardDistributorContract;
  staking: PlexAiStakingContract;
  miningRewards: MiningRewardsContract;
}

export function plexAiTokenAt(address: string, runner: ContractRunner | null): PlexAiTokenContract {
  return new Contract(address, plexAiTokenArtifact.abi, runner) as unknown as PlexAiTokenContract;
}

export function rewardDistributorAt(address: string, runner: ContractRunner | null): RewardDistributorContract {
  return new Contract(address, rewardDistributorArtifact.abi, runner) as unknown as RewardDistributorContract;
}

export function plexAiStakingAt(address: string, runner: ContractRunner | null): PlexAiStakingContract {
  return new Contract(address, plexAiStakingArtifact.abi, runner) as unknown as PlexAiStakingContract;
}

export function miningRewardsAt(address: string, runner: ContractRunner | null): MiningRewardsContract {
  return new Contract(address, miningRewardsArtifact.abi, runner) as unknown as MiningRewardsContract;
}

/** Binds all four contracts at `addresses` to `runner`. */
export function connectPlexAi(addresses: PlexAiAddresses, runner: ContractRunner | null): PlexAiContracts {
  return {
    token: plexAiTokenAt(addresses.token, runner),
    distributor: rewardDistributorAt(addresses.distributor, runner),
    staking: plexAiStakingAt(addresses.staking, runner),
    miningRewards: miningRewardsAt(addresses.miningRewards, runner),
  };
}

/** One interface that knows every custom error and event of the four contracts. */
const allFragments = new Interface(
  [
    ...new Set(
      Object.values(plexAiArtifacts)
        .flatMap((artifact): readonly JsonFragment[] => artifact.abi)
        .filter((fragment) => fragment.type === 'error' || fragment.type === 'event')
        .map((fragment) => JSON.stringify(fragment)),
    ),
  ].map((json) => JSON.parse(json) as JsonFragment),
);

/** A contract revert decoded into its custom error's name and arguments. */
export interface PlexAiRevert {
  name: string;
  signature: string;
  args: unknown[];
}

/**
 * Decodes a revert from any of the four contracts (custom errors such as
 * `PlexAiStakingInsufficientRewardPool(required, available)`, or the OpenZeppelin errors they
 * inherit). Accepts the raw revert data or an error thrown by ethers. Returns undefined when the
 * data is not one of ours.
 */
export function decodePlexAiRevert(errorOrData: unknown): PlexAiRevert | undefined {
  const data = revertData(errorOrData);
  if (!data) return undefined;
  try {
    const parsed = allFragments.parseError(data);
    if (!parsed) return undefined;
    return { name: parsed.name, signature: parsed.signature, args: [...parsed.args] };
  } catch {
    return undefined;
  }
}

function revertData(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return /^0x[0-9a-fA-F]{8,}$/.test(value) ? value : undefined;
  if (depth > 4 || typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of ['data', 'error', 'info', 'cause']) {
    const found = revertData(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}
