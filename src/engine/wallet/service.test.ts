import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserProvider, verifyMessage } from 'ethers';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { WalletState } from '../../common/api';
import { payoutBindingMessage } from '../../common/protocol';
import { startWalletConnectRelay, type WalletConnectRelay } from '../../devnet/walletconnect-relay';
import { hardhatProvider } from '../../chain/hardhat';
import { startPhoneWallet } from '../../../e2e/support/phone-wallet';
import { LOCAL_DEV_WALLET_LABEL, type ChainSpec } from './signer';
import { WalletService } from './service';

// The wallet as the engine offers it to the UI, over a real local relay with a real sign-client
// phone on the other end (the e2e tests' phone), and the devnet's dev key on Hardhat's chain.

const DEV_KEY = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6'; // Hardhat account #3
const NODE_ID = '0x000000000000000000000000000000000000bEEF';

let relay: WalletConnectRelay;
let provider: BrowserProvider;
let chain: ChainSpec;
let dir: string;
let counter = 0;

beforeAll(async () => {
  const hardhat = await hardhatProvider();
  provider = hardhat.provider;
  chain = {
    chainId: hardhat.chainId,
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
    const approving = await startPhoneWallet({ relayUrl: relay.url, chainId: chain.chainId, answer: 'approve' });
    const { uri } = await wallet.connect();
    expect(wallet.state.connection).toEqual({ status: 'pairing', uri });
    await approving.pair(uri);
    await vi.waitFor(() => expect(wallet.state.connection.status).toBe('connected'), { timeout: 15_000 });
    expect(wallet.state.connection).toMatchObject({ kind: 'walletconnect', label: approving.name, address: approving.address });
    await wallet.disconnect();
    expect(wallet.state.connection).toEqual({ status: 'disconnected' });
    wallet.dispose();
    await approving.close();
  });

  test('a phone that refuses leaves the wallet disconnected with the reason, ready to try again', async () => {
    const { wallet } = await service();
    const refusing = await startPhoneWallet({ relayUrl: relay.url, chainId: chain.chainId, answer: 'reject' });
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
