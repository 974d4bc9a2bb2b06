import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignClient } from '@walletconnect/sign-client';
import { BrowserProvider, verifyMessage, type Eip1193Provider } from 'ethers';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { WalletState } from '../../common/api';
import { payoutBindingMessage } from '../../common/protocol';
import { startWalletConnectRelay, type WalletConnectRelay } from '../../devnet/walletconnect-relay';
import { FileKeyValueStorage } from './file-storage';
import { LOCAL_DEV_WALLET_LABEL, type ChainSpec } from './signer';
import { WalletService } from './service';

// The wallet as the engine offers it to the UI, over a real local relay with a real sign-client
// phone on the other end, and the devnet's dev key on Hardhat's in-process chain.

const DEV_KEY = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6'; // Hardhat account #3
const PHONE_ADDRESS = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65'; // Hardhat account #4
const NODE_ID = '0x000000000000000000000000000000000000bEEF';

let relay: WalletConnectRelay;
let provider: BrowserProvider;
let chain: ChainSpec;
let dir: string;
let counter = 0;

beforeAll(async () => {
  process.env.HARDHAT_CONFIG ??= fileURLToPath(new URL('../../../contracts/hardhat.config.cjs', import.meta.url));
  const { default: hre } = (await import('hardhat')) as unknown as { default: { network: { provider: Eip1193Provider } } };
  provider = new BrowserProvider(hre.network.provider);
  chain = {
    chainId: Number((await provider.getNetwork()).chainId),
    name: 'PlexAi devnet',
    rpcUrl: 'http://127.0.0.1:8545',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  };
  relay = await startWalletConnectRelay();
  dir = await mkdtemp(join(tmpdir(), 'plexai-wallet-service-'));
}, 60_000);

afterAll(async () => {
  await relay?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function service(options: { walletConnect?: boolean; dev?: boolean } = {}) {
  const name = `svc-${++counter}`;
  const wallet = await WalletService.create({
    chain,
    walletConnect:
      options.walletConnect === false
        ? null
        : { relayUrl: relay.url, projectId: 'devnet', storagePath: join(dir, `${name}.json`), storagePrefix: name, connectTimeoutMs: 5000 },
    bindingPath: join(dir, `${name}-binding.json`),
    ...(options.dev === false ? {} : { devWallet: { privateKey: DEV_KEY, provider } }),
  });
  const states: WalletState[] = [];
  wallet.onDidChange((s) => states.push(s));
  return { wallet, states };
}

/** A phone wallet that approves or refuses the session proposal. */
async function phone(answer: 'approve' | 'reject') {
  const client = await SignClient.init({
    projectId: 'devnet',
    relayUrl: relay.url,
    customStoragePrefix: `phone-${++counter}`,
    storage: await FileKeyValueStorage.open(join(dir, `phone-${counter}.json`)),
    telemetryEnabled: false,
    logger: 'silent',
    metadata: { name: 'Test Phone Wallet', description: 'approves or refuses', url: 'https://wallet.invalid', icons: [] },
  });
  client.core.verify.resolve = (async () => undefined) as unknown as typeof client.core.verify.resolve;
  client.on('session_proposal', async ({ id }) => {
    if (answer === 'reject') {
      await client.reject({ id, reason: { code: 5000, message: 'User rejected.' } });
      return;
    }
    const { acknowledged } = await client.approve({
      id,
      namespaces: {
        eip155: {
          chains: [`eip155:${chain.chainId}`],
          accounts: [`eip155:${chain.chainId}:${PHONE_ADDRESS}`],
          methods: ['personal_sign', 'eth_sendTransaction'],
          events: ['accountsChanged', 'chainChanged'],
        },
      },
    });
    await acknowledged();
  });
  return {
    pair: (uri: string) => client.pair({ uri }),
    close: async () => {
      client.core.heartbeat.stop();
      await client.core.relayer.transportClose().catch(() => {});
    },
  };
}

describe('WalletService', () => {
  test('the devnet dev wallet connects, pays out with a verifiable binding, and disconnects', async () => {
    const { wallet, states } = await service();
    expect(wallet.state).toMatchObject({ available: true, devWalletAvailable: true, chainId: chain.chainId, connection: { status: 'disconnected' } });

    const connected = await wallet.useDevWallet();
    expect(connected.connection).toEqual({
      status: 'connected',
      kind: 'local-dev',
      label: LOCAL_DEV_WALLET_LABEL,
      address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
      chainId: chain.chainId,
    });
    const binding = await wallet.payoutBinding(NODE_ID);
    expect(verifyMessage(payoutBindingMessage(NODE_ID, binding.address), binding.signature)).toBe(binding.address);

    expect((await wallet.disconnect()).connection).toEqual({ status: 'disconnected' });
    await expect(wallet.payoutBinding(NODE_ID)).rejects.toMatchObject({ errorName: 'WALLET_NOT_CONNECTED' });
    expect(states.map((s) => s.connection.status)).toEqual(['connected', 'disconnected']);
    wallet.dispose();
  });

  test('a phone that approves becomes the payout wallet, named by the wallet it is', async () => {
    const { wallet } = await service();
    const approving = await phone('approve');
    const { uri } = await wallet.connect();
    expect(wallet.state.connection).toEqual({ status: 'pairing', uri });
    await approving.pair(uri);
    await vi.waitFor(() => expect(wallet.state.connection.status).toBe('connected'), { timeout: 15_000 });
    expect(wallet.state.connection).toMatchObject({ kind: 'walletconnect', label: 'Test Phone Wallet', address: PHONE_ADDRESS });
    await wallet.disconnect();
    expect(wallet.state.connection).toEqual({ status: 'disconnected' });
    wallet.dispose();
    await approving.close();
  });

  test('a phone that refuses leaves the wallet disconnected with the reason, ready to try again', async () => {
    const { wallet } = await service();
    const refusing = await phone('reject');
    const { uri } = await wallet.connect();
    await refusing.pair(uri);
    await vi.waitFor(() => expect(wallet.state.lastError).not.toBeNull(), { timeout: 15_000 });
    expect(wallet.state.connection).toEqual({ status: 'disconnected' });
    expect(wallet.state.lastError!.name).toBe('WALLET_REJECTED');
    const again = await wallet.connect();
    expect(again.uri).toMatch(/^wc:/);
    expect(wallet.state.lastError).toBeNull();
    wallet.dispose();
    await refusing.close();
  });

  test('without a relay or a dev key the wallet is unavailable and says what to set', async () => {
    const { wallet } = await service({ walletConnect: false, dev: false });
    expect(wallet.state).toMatchObject({ available: false, unavailableReason: expect.stringContaining('Settings') });
    await expect(wallet.connect()).rejects.toMatchObject({ errorName: 'WALLET_UNAVAILABLE' });
    await expect(wallet.useDevWallet()).rejects.toMatchObject({ errorName: 'NOT_SUPPORTED' });
    wallet.dispose();
  });
});
