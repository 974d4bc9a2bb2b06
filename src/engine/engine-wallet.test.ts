import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { noWalletState, type AppState } from '../common/api';
import { invokeMethod } from '../common/rpc';
import { Engine } from './engine';
import { SimulatedHardwareProbe } from './gpu/simulated-probe';
import { SettingsStore } from './store/settings-store';
import { WalletService } from './wallet/service';
import { useWalletTestbed } from './wallet/wallet-testbed.fixture';
import { startPhoneWallet } from '../../e2e/support/phone-wallet';

async function engineWith(wallet?: WalletService, dataDir = mkdtempSync(join(tmpdir(), 'plexai-engine-wallet-'))) {
  const { store } = await SettingsStore.open(dataDir);
  const probe = new SimulatedHardwareProbe({ controllers: [], tools: {} });
  return new Engine({ appVersion: '1.0.0', transport: 'headless' }, { probe, settings: store, ...(wallet ? { wallet } : {}) });
}

const bed = useWalletTestbed('plexai-engine-wallet-');

describe('the wallet through the PlexApi', () => {
  test('an engine without a wallet says so in its state and refuses to connect, with a reason', async () => {
    const engine = await engineWith();
    expect(engine.state().wallet).toEqual(noWalletState);
    expect(await invokeMethod(engine.api, 'connectWallet', {})).toMatchObject({ error: { data: { name: 'WALLET_UNAVAILABLE' } } });
    engine.dispose();
  });

  test('choosing the devnet dev wallet is announced as state, and disconnecting too', async () => {
    const wallet = await WalletService.create({
      chain: bed.chain,
      walletConnect: null,
      bindingPath: join(bed.dir, 'binding.json'),
      devWallet: { privateKey: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a', provider: bed.provider },
    });
    const engine = await engineWith(wallet);
    const states: AppState[] = [];
    engine.onDidChangeState((s) => states.push(s));

    const outcome = await invokeMethod(engine.api, 'useDevWallet', {});
    expect(outcome).toMatchObject({ result: { connection: { status: 'connected', kind: 'local-dev' } } });
    expect(states.at(-1)!.wallet.connection.status).toBe('connected');
    await engine.api.disconnectWallet({});
    expect(states.at(-1)!.wallet.connection).toEqual({ status: 'disconnected' });
    engine.dispose();
    wallet.dispose();
  });

  test('the relay URL and project id saved in Settings drive WalletConnect at once, and again after a restart', async () => {
    const { relay, chain } = bed;
    const dataDir = mkdtempSync(join(tmpdir(), 'plexai-engine-wallet-'));
    // A network with no default project id and an unreachable default relay: only the settings can make it work.
    const options = {
      chain,
      walletConnect: { relayUrl: 'wss://relay.invalid', projectId: null, storagePath: join(dataDir, 'walletconnect.json'), connectTimeoutMs: 5000 },
      bindingPath: join(dataDir, 'binding.json'),
    };
    const engine = await engineWith(await WalletService.create(options), dataDir);
    expect(engine.state().wallet).toMatchObject({ available: false, configurable: true, relayUrl: 'wss://relay.invalid' });

    expect(await invokeMethod(engine.api, 'updateSettings', { walletConnectRelayUrl: 'ws://relay.example.com' })).toMatchObject({
      error: { data: { name: 'INVALID_PARAMS' } },
    });
    await engine.api.updateSettings({ walletConnectRelayUrl: relay.url, walletConnectProjectId: '0123456789abcdef0123456789abcdef' });
    expect(engine.state().wallet).toMatchObject({ available: true, relayUrl: relay.url });
    const phone = await startPhoneWallet({ relayUrl: relay.url, chainId: chain.chainId, answer: 'approve' });
    await phone.pair((await engine.api.connectWallet({})).uri);
    await vi.waitFor(() => expect(engine.state().wallet.connection).toMatchObject({ status: 'connected', address: phone.address }), { timeout: 15_000 });
    engine.dispose();

    // Restarted with the network's defaults again: the saved settings win, and the session is back.
    const restarted = await engineWith(await WalletService.create(options), dataDir);
    await vi.waitFor(() => expect(restarted.state().wallet.connection).toMatchObject({ status: 'connected', address: phone.address }), { timeout: 15_000 });
    expect(restarted.state().wallet.relayUrl).toBe(relay.url);
    restarted.dispose();
    await phone.close();
  });
});
