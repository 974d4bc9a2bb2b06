import { defaultSettings, initialMiningState, methodNames, noWalletState, type AppState, type PlexApi } from './api';
import { noEarningsState } from './earnings';
import { noStakingStatus } from './staking';

/** A headless engine's state before hardware detection: what the transport tests send around. */
export const sampleState: AppState = {
  app: { name: 'PlexAi Miner', version: '0.1.0', apiVersion: 1, transport: 'headless' },
  hardware: { status: 'detecting' },
  settings: defaultSettings,
  mining: initialMiningState,
  update: null,
  wallet: noWalletState,
  staking: noStakingStatus,
  earnings: noEarningsState,
};

/**
 * A PlexApi for transport tests: getState answers `sampleState`, updateSettings applies its patch
 * to the defaults, and every other method refuses unless the test provides it, so a test states
 * only what it exercises and a method added to the API needs no edit here.
 */
export function fakeApi(overrides: Partial<PlexApi> = {}): PlexApi {
  const refusing = Object.fromEntries(
    methodNames.map((method) => [method, async () => Promise.reject(new Error(`${method} is not used in this test`))]),
  ) as unknown as PlexApi;
  return {
    ...refusing,
    getState: async () => sampleState,
    updateSettings: async (patch) => ({ ...defaultSettings, ...patch }),
    ...overrides,
  };
}
