import { join } from 'node:path';
import { verifyMessage } from 'ethers';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { WalletState } from '../../common/api';
import { payoutBindingMessage } from '../../common/protocol';
import { startWalletConnectRelay, type WalletConnectRelay } from '../../devnet/walletconnect-relay';
import { startPhoneWallet } from '../../../e2e/support/phone-wallet';
import { LOCAL_DEV_WALLET_LABEL } from './signer';
import { WalletService } from './service';
import { useWalletTestbed } from './wallet-testbed.fixture';

// The wallet as the engine offers it to the UI, over a real local relay with a real sign-client
// phone on the other end (the e2e tests' phone), and the devnet's dev key on Hardhat's chain.

const DEV_KEY = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6'; // Hardhat account #3
const NODE_ID = '0x000000000000000000000000000000000000bEEF';

const bed = useWalletTestbed('plexai-wallet-service-');
let counter = 0;

async function service(options: { walletConnect?: boolean; dev?: boolean } = {}) {
  const name = `svc-${++counter}`;
  const wallet = await WalletService.create({
    chain: bed.chain,
    walletConnect:
      options.walletConnect === false
        ? null
        : { relayUrl: bed.relay.url, projectId: 'devnet', storagePath: join(bed.dir, `${name}.json`), storagePrefix: name, connectTimeoutMs: 5000 },
    bindingPath: join(bed.dir, `${name}-binding.json`),
    ...(options.dev === false ? {} : { devWallet: { privateKey: DEV_KEY, provider: bed.provider } }),
  });
  const states: WalletState[] = [];
  wallet.onDidChange((s) => states.push(s));
  return { wallet, states };
}

describe('WalletService', () => {
  test('the devnet dev wallet connects, pays out with a verifiable binding, and disconnects', async () => {
    const { wallet, states } = await service();
    expect(wallet.state).toMatchObject({ available: true, devWalletAvailable: true, chainId: bed.chain.chainId, connection: { status: 'disconnected' } });

    const connected = await wallet.useDevWallet();
    expect(connected.connection).toEqual({
      status: 'connected',
      kind: 'local-dev',
      label: LOCAL_DEV_WALLET_LABEL,
      address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
      chainId: bed.chain.chainId,
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
    const approving = await startPhoneWallet({ relayUrl: bed.relay.url, chainId: bed.chain.chainId, answer: 'approve' });
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
    const refusing = await startPhoneWallet({ relayUrl: bed.relay.url, chainId: bed.chain.chainId, answer: 'reject' });
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

  test('without WalletConnect or a dev key the wallet is unavailable and says so', async () => {
    const { wallet } = await service({ walletConnect: false, dev: false });
    expect(wallet.state).toMatchObject({ available: false, configurable: false, unavailableReason: expect.stringContaining('without a wallet') });
    await expect(wallet.connect()).rejects.toMatchObject({ errorName: 'WALLET_UNAVAILABLE' });
    await expect(wallet.useDevWallet()).rejects.toMatchObject({ errorName: 'NOT_SUPPORTED' });
    wallet.dispose();
  });
});

describe('cancelling a pairing', () => {
  test('Cancel withdraws the code at once; a late approval from the phone is ended, never the payout wallet; a new code works at once', async () => {
    const { wallet, states } = await service({ dev: false });
    const late = await startPhoneWallet({ relayUrl: bed.relay.url, chainId: bed.chain.chainId, answer: 'hold' });
    const { uri } = await wallet.connect();
    await late.pair(uri);
    await vi.waitFor(() => expect(late.heldCount).toBe(1), { timeout: 15_000 });

    expect((await wallet.disconnect()).connection).toEqual({ status: 'disconnected' });
    const [topic] = await late.approveHeld();
    // The engine answers the late session by ending it: the phone is told, and nothing connected.
    await vi.waitFor(() => expect(late.ended).toContain(topic), { timeout: 15_000 });
    expect(states.map((s) => s.connection.status)).not.toContain('connected');
    expect(wallet.signer()).toBeNull();
    expect(wallet.state.lastError).toBeNull();

    const approving = await startPhoneWallet({ relayUrl: bed.relay.url, chainId: bed.chain.chainId, answer: 'approve' });
    const again = await wallet.connect();
    expect(again.uri).not.toBe(uri);
    await approving.pair(again.uri);
    await vi.waitFor(() => expect(wallet.state.connection).toMatchObject({ status: 'connected', address: approving.address }), { timeout: 15_000 });
    wallet.dispose();
    await Promise.all([late.close(), approving.close()]);
  });

  test('a new code replaces the one showing: the old one, approved late, does not connect', async () => {
    const { wallet, states } = await service({ dev: false });
    const late = await startPhoneWallet({ relayUrl: bed.relay.url, chainId: bed.chain.chainId, answer: 'hold' });
    const first = await wallet.connect();
    await late.pair(first.uri);
    await vi.waitFor(() => expect(late.heldCount).toBe(1), { timeout: 15_000 });
    const second = await wallet.connect();
    expect(wallet.state.connection).toEqual({ status: 'pairing', uri: second.uri });

    const [topic] = await late.approveHeld();
    await vi.waitFor(() => expect(late.ended).toContain(topic), { timeout: 15_000 });
    expect(wallet.state.connection).toEqual({ status: 'pairing', uri: second.uri });
    expect(states.map((s) => s.connection.status)).not.toContain('connected');
    wallet.dispose();
    await late.close();
  });
});

describe('the relay URL and project id as settings', () => {
  let otherRelay: WalletConnectRelay;
  beforeAll(async () => {
    otherRelay = await startWalletConnectRelay();
  });
  afterAll(async () => otherRelay?.close());

  async function configurable(options: { projectId: string | null }) {
    const name = `cfg-${++counter}`;
    const wallet = await WalletService.create({
      chain: bed.chain,
      walletConnect: { relayUrl: bed.relay.url, projectId: options.projectId, storagePath: join(bed.dir, `${name}.json`), storagePrefix: name, connectTimeoutMs: 5000 },
      bindingPath: join(bed.dir, `${name}-binding.json`),
    });
    return wallet;
  }
  const PROJECT_ID = '0123456789abcdef0123456789abcdef';

  test('without a project id WalletConnect is unavailable and points to Settings; entering one makes it work without a restart', async () => {
    const wallet = await configurable({ projectId: null });
    expect(wallet.state).toMatchObject({ available: false, configurable: true, relayUrl: bed.relay.url });
    expect(wallet.state.unavailableReason).toMatch(/project id.*cloud\.reown\.com.*Settings/);
    await expect(wallet.connect()).rejects.toMatchObject({ errorName: 'WALLET_UNAVAILABLE' });
    // The relay the owner names shows (Settings uses it as the field's default) before a project id is entered.
    await wallet.configure({ walletConnectRelayUrl: otherRelay.url, walletConnectProjectId: '' });
    expect(wallet.state).toMatchObject({ available: false, relayUrl: otherRelay.url });

    await wallet.configure({ walletConnectRelayUrl: '', walletConnectProjectId: PROJECT_ID });
    expect(wallet.state).toMatchObject({ available: true, unavailableReason: null });
    const phone = await startPhoneWallet({ relayUrl: bed.relay.url, chainId: bed.chain.chainId, answer: 'approve' });
    await phone.pair((await wallet.connect()).uri);
    await vi.waitFor(() => expect(wallet.state.connection).toMatchObject({ status: 'connected', address: phone.address }), { timeout: 15_000 });

    // Cleared again: WalletConnect goes, and with it the session's client.
    await wallet.configure({ walletConnectRelayUrl: '', walletConnectProjectId: '' });
    expect(wallet.state).toMatchObject({ available: false, connection: { status: 'disconnected' } });
    wallet.dispose();
    await phone.close();
  });

  test('a new project id on the same relay keeps the session; another relay ends it, tells the phone, and pairs there', async () => {
    const wallet = await configurable({ projectId: 'plexai-devnet' });
    const onDefault = await startPhoneWallet({ relayUrl: bed.relay.url, chainId: bed.chain.chainId, answer: 'approve' });
    await onDefault.pair((await wallet.connect()).uri);
    await vi.waitFor(() => expect(wallet.state.connection).toMatchObject({ status: 'connected', address: onDefault.address }), { timeout: 15_000 });

    await wallet.configure({ walletConnectRelayUrl: '', walletConnectProjectId: PROJECT_ID });
    expect(wallet.state.connection).toMatchObject({ status: 'connected', address: onDefault.address });
    // The restored session still signs: it is the same session, on the same relay.
    const binding = await wallet.payoutBinding(NODE_ID);
    expect(verifyMessage(payoutBindingMessage(NODE_ID, binding.address), binding.signature)).toBe(onDefault.address);

    await wallet.configure({ walletConnectRelayUrl: otherRelay.url, walletConnectProjectId: PROJECT_ID });
    expect(wallet.state).toMatchObject({ available: true, relayUrl: otherRelay.url, connection: { status: 'disconnected' } });
    await vi.waitFor(() => expect(onDefault.ended).toHaveLength(1), { timeout: 15_000 });

    const onOther = await startPhoneWallet({ relayUrl: otherRelay.url, chainId: bed.chain.chainId, answer: 'approve' });
    const { uri } = await wallet.connect();
    await onOther.pair(uri);
    await vi.waitFor(() => expect(wallet.state.connection).toMatchObject({ status: 'connected', label: onOther.name }), { timeout: 15_000 });
    wallet.dispose();
    await Promise.all([onDefault.close(), onOther.close()]);
  });
});
