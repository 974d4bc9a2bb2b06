import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { noWalletState, type AppState } from '../common/api';
import { invokeMethod } from '../common/rpc';
import { Engine } from './engine';
import { SimulatedHardwareProbe } from './gpu/simulated-probe';
import { SettingsStore } from './store/settings-store';
import { WalletService } from './wallet/service';
import { hardhatProvider } from '../chain/hardhat';

async function engineWith(wallet?: WalletService) {
  const { store } = await SettingsStore.open(mkdtempSync(join(tmpdir(), 'plexai-engine-wallet-')));
  const probe = new SimulatedHardwareProbe({ controllers: [], tools: {} });
  return new Engine({ appVersion: '1.0.0', transport: 'headless' }, { probe, settings: store, ...(wallet ? { wallet } : {}) });
}

describe('the wallet through the PlexApi', () => {
  test('an engine without a wallet says so in its state and refuses to connect, with a reason', async () => {
    const engine = await engineWith();
    expect(engine.state().wallet).toEqual(noWalletState);
    expect(await invokeMethod(engine.api, 'connectWallet', {})).toMatchObject({ error: { data: { name: 'WALLET_UNAVAILABLE' } } });
    engine.dispose();
  });

  test('choosing the devnet dev wallet is announced as state, and disconnecting too', async () => {
    const { provider, chainId } = await hardhatProvider();
    const dir = mkdtempSync(join(tmpdir(), 'plexai-engine-wallet-'));
    const wallet = await WalletService.create({
      chain: { chainId, name: 'PlexAi devnet', rpcUrl: 'http://127.0.0.1:8545', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } },
      walletConnect: null,
      bindingPath: join(dir, 'binding.json'),
      devWallet: { privateKey: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a', provider },
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
});
