import type { NetworkState } from '../../src/common/api';

export type NetworkWords = { text: string; tone: 'ok' | 'no' | 'muted' };

/** Whole seconds until `retryAt`, rounded up so that "in 1 s" lasts until the retry begins. */
export function secondsUntil(retryAt: number, now: number): number {
  return Math.max(0, Math.ceil((retryAt - now) / 1000));
}

/**
 * The coordinator connection in plain words, with the way on where it is down. `secondsLeft`
 * counts down the engine's wait before its next attempt (the engine says how long when it begins).
 */
export function networkWords(network: NetworkState, secondsLeft: number): NetworkWords {
  switch (network.status) {
    case 'off':
      return { text: 'Not connected to the PlexAi network, so no tasks arrive; workers stay ready.', tone: 'muted' };
    case 'connecting':
      return { text: `Connecting to the PlexAi network${network.attempt > 0 ? ` (attempt ${network.attempt + 1})` : ''}…`, tone: 'muted' };
    case 'connected':
      return { text: 'Connected to the PlexAi network.', tone: 'ok' };
    case 'waiting': {
      const retry = secondsLeft > 0 ? `trying again in ${secondsLeft} s` : 'trying again now';
      switch (network.cause) {
        case 'no-wallet':
          return { text: 'Connect a wallet to join the PlexAi network: it is the address this machine’s earnings are paid to.', tone: 'no' };
        case 'refused':
          return { text: `The PlexAi network turned this miner away (${network.lastError}); ${retry}.`, tone: 'no' };
        case 'unreachable':
          return { text: `The network cannot be reached (${network.lastError}); ${retry}. Finished results are kept until it answers.`, tone: 'no' };
      }
    }
  }
}
