import { describe, expect, test } from 'vitest';
import type { NetworkState } from '../../src/common/api';
import { networkWords, secondsUntil } from './network-words';

describe('network words', () => {
  test.for<[NetworkState, number, string, string]>([
    [{ status: 'off' }, 0, 'Not connected to the PlexAi network, so no tasks arrive; workers stay ready.', 'muted'],
    [{ status: 'connecting', attempt: 0 }, 0, 'Connecting to the PlexAi network…', 'muted'],
    [{ status: 'connecting', attempt: 2 }, 0, 'Connecting to the PlexAi network (attempt 3)…', 'muted'],
    [{ status: 'connected', sessionId: 's' }, 0, 'Connected to the PlexAi network.', 'ok'],
    [
      { status: 'waiting', attempt: 1, retryInMs: 4000, cause: 'unreachable', lastError: 'connect ECONNREFUSED 127.0.0.1:9' },
      3,
      'The network cannot be reached (connect ECONNREFUSED 127.0.0.1:9); trying again in 3 s. Finished results are kept until it answers.',
      'no',
    ],
    [
      { status: 'waiting', attempt: 1, retryInMs: 4000, cause: 'unreachable', lastError: 'connection closed' },
      0,
      'The network cannot be reached (connection closed); trying again now. Finished results are kept until it answers.',
      'no',
    ],
    [
      { status: 'waiting', attempt: 1, retryInMs: 4000, cause: 'no-wallet', lastError: 'no payout wallet: no wallet is connected' },
      3,
      'Connect a wallet to join the PlexAi network: it is the address this machine’s earnings are paid to.',
      'no',
    ],
    [
      { status: 'waiting', attempt: 2, retryInMs: 8000, cause: 'refused', lastError: '1008 bad signature' },
      7,
      'The PlexAi network turned this miner away (1008 bad signature); trying again in 7 s.',
      'no',
    ],
  ])('%o with %i s left reads "%s"', ([network, secondsLeft, text, tone]) => {
    expect(networkWords(network, secondsLeft)).toEqual({ text, tone });
  });

  test.for<[number, number, number]>([
    [10_000, 6_000, 4],
    [10_000, 9_001, 1],
    [10_000, 10_000, 0],
    [10_000, 12_000, 0],
  ])('a retry at %i seen at %i is %i s away', ([retryAt, now, seconds]) => {
    expect(secondsUntil(retryAt, now)).toBe(seconds);
  });
});
