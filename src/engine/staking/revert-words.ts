import { PlexError } from '../../common/errors';
import { displayTokenAmount } from '../../common/staking';
import { writeError } from '../chain-writes';

/** Four decimals, or every decimal where four would show a non-zero amount as 0. */
export function shownAmount(units: bigint): string {
  const short = displayTokenAmount(units);
  return units !== 0n && short === '0' ? displayTokenAmount(units, 18) : short;
}

const plexai = (units: unknown) => `${shownAmount(units as bigint)} PLEXAI`;

/** Each custom error the staking path can meet, in words the owner can act on. */
const words: Record<string, (args: unknown[]) => string> = {
  PlexAiStakingZeroAmount: () => 'The amount must be more than zero.',
  PlexAiStakingAmountTooLarge: ([, max]) => `That amount is larger than a position can hold (at most ${plexai(max)}).`,
  PlexAiStakingUnknownOption: ([id]) => `There is no lock option ${String(id)}; reload the options and choose again.`,
  PlexAiStakingUnknownPosition: ([id]) => `Position ${String(id)} is not open any more (it may have been unstaked already).`,
  PlexAiStakingNotPositionOwner: ([id]) => `Position ${String(id)} belongs to another wallet; only its owner can claim or unstake it.`,
  PlexAiStakingInsufficientRewardPool: ([required, available]) =>
    `The reward pool cannot promise this stake's reward: it needs ${plexai(required)} but only ${plexai(available)} is free. Try a smaller amount or a shorter lock.`,
  PlexAiStakingNothingToClaim: ([id]) => `Position ${String(id)} has no reward to claim yet.`,
  PlexAiStakingNoRewards: () => 'None of your positions has a reward to claim yet.',
  EnforcedPause: () => 'New stakes are paused by the contract owner; claims and unstakes still work.',
  ERC20InsufficientBalance: ([, balance, needed]) => `Your wallet holds ${plexai(balance)}, less than the ${plexai(needed)} this needs.`,
  ERC20InsufficientAllowance: ([, allowance, needed]) =>
    `The staking contract may move ${plexai(allowance)} of your PLEXAI but needs ${plexai(needed)}; approve again.`,
};

/** A contract refusal (met, or foreseen before asking for a signature) as a typed error in words. */
export function revertError(name: string, args: unknown[], doing: string): PlexError {
  const say = words[name];
  return new PlexError('CHAIN_REVERTED', say ? say(args) : `The contract refused to ${doing} (${name}).`);
}

/**
 * A failed staking read or write as a typed PlexError: a contract revert becomes CHAIN_REVERTED
 * with its reason in words; the wallet's own errors (refused, unavailable) pass through; anything
 * else is the RPC failing.
 */
export function stakingError(error: unknown, doing: string): PlexError {
  return writeError(error, {
    revert: (name, args) => revertError(name, args, doing),
    refused: () => `The contract refused to ${doing}.`,
    declined: `You declined to ${doing} in your wallet.`,
    unavailable: (detail) => `Could not ${doing}: the chain did not answer as expected (${detail}).`,
  });
}
