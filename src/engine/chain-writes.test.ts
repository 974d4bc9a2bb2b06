import { Interface, makeError } from 'ethers';
import { describe, expect, test } from 'vitest';
import { miningRewardsArtifact, plexAiStakingArtifact } from '../chain';
import { PlexError } from '../common/errors';
import { confirmedReceipt, writeError, type WriteFailureWords } from './chain-writes';

const words: WriteFailureWords = {
  revert: (name, args) => new PlexError('CHAIN_REVERTED', `refused: ${name}(${args.join(', ')})`),
  refused: (detail) => `refused without a reason (${detail})`,
  declined: 'declined in the wallet',
  unavailable: (detail) => `could not send (${detail})`,
};

const revertData = (artifact: { abi: readonly unknown[] }, name: string, args: unknown[]) =>
  new Interface(artifact.abi as never).encodeErrorResult(name, args);

describe('writeError', () => {
  test('a decoded custom error of any of our contracts gets the caller’s words, with its arguments', () => {
    const stake = makeError('execution reverted', 'CALL_EXCEPTION', {
      action: 'estimateGas',
      data: revertData(plexAiStakingArtifact, 'PlexAiStakingInsufficientRewardPool', [5n, 3n]),
      reason: null,
      transaction: { to: null, data: '0x' },
      invocation: null,
      revert: null,
    });
    expect(writeError(stake, words)).toMatchObject({ errorName: 'CHAIN_REVERTED', message: 'refused: PlexAiStakingInsufficientRewardPool(5, 3)' });
    // Nested as a wallet's broadcast reports it: the data sits under `error`.
    const claim = { code: -32000, error: { data: revertData(miningRewardsArtifact, 'MiningRewardsNoRoot', []) } };
    expect(writeError(claim, words).message).toBe('refused: MiningRewardsNoRoot()');
  });

  test('a revert without decodable data is still a refusal, with ethers’ short message rather than the whole request', () => {
    const error = makeError('execution reverted (no data present; likely require(false) occurred', 'CALL_EXCEPTION', {
      action: 'call',
      data: null,
      reason: null,
      transaction: { to: null, data: '0x' },
      invocation: null,
      revert: null,
    });
    const plex = writeError(error, words);
    expect(plex).toMatchObject({ errorName: 'CHAIN_REVERTED', message: 'refused without a reason (execution reverted (no data present; likely require(false) occurred)' });
  });

  test('the owner declining in the wallet is WALLET_REJECTED in the caller’s words', () => {
    const error = makeError('user rejected action', 'ACTION_REJECTED', { action: 'sendTransaction', reason: 'rejected' });
    expect(writeError(error, words)).toMatchObject({ errorName: 'WALLET_REJECTED', message: 'declined in the wallet' });
  });

  test('our own errors (the wallet’s time-out, its wrong chain) pass unchanged', () => {
    const ours = new PlexError('WALLET_UNAVAILABLE', 'The wallet did not answer in time.');
    expect(writeError(ours, words)).toBe(ours);
  });

  test('anything else is the chain being unavailable, its detail cut to a status line', () => {
    expect(writeError(new Error('connect ECONNREFUSED 127.0.0.1:8545'), words)).toMatchObject({
      errorName: 'CHAIN_UNAVAILABLE',
      message: 'could not send (connect ECONNREFUSED 127.0.0.1:8545)',
    });
    expect(writeError(new Error('x'.repeat(5_000)), words).message).toBe(`could not send (${'x'.repeat(300)})`);
    expect(writeError(null, words).message).toBe('could not send (null)');
  });
});

describe('confirmedReceipt', () => {
  const sent = (receipt: { status: number | null; blockNumber: number } | null) => ({ hash: '0xabc', wait: async () => receipt });

  test('hands back the receipt of a transaction that succeeded', async () => {
    await expect(confirmedReceipt(sent({ status: 1, blockNumber: 7 }), 'stake')).resolves.toEqual({ status: 1, blockNumber: 7 });
  });

  test('a reverted transaction (status 0) is CHAIN_REVERTED, naming the write and its hash', async () => {
    await expect(confirmedReceipt(sent({ status: 0, blockNumber: 7 }), 'claim')).rejects.toMatchObject({
      errorName: 'CHAIN_REVERTED',
      message: 'The claim transaction 0xabc failed on chain.',
    });
  });

  test('a transaction the chain has no receipt for is not taken as done', async () => {
    await expect(confirmedReceipt(sent(null), 'approval')).rejects.toMatchObject({
      errorName: 'CHAIN_REVERTED',
      message: 'The approval transaction 0xabc was not confirmed: the chain has no receipt for it.',
    });
  });
});
