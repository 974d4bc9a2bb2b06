import { join } from 'node:path';
import { SignClient } from '@walletconnect/sign-client';
import { Wallet, getBytes, verifyMessage } from 'ethers';
import { afterEach, describe, expect, test } from 'vitest';
import { PlexError } from '../../common/errors';
import { payoutBindingMessage } from '../../common/protocol';
import { connectPlexAi, deployPlexAi } from '../../chain';
import { startWalletConnectRelay } from '../../devnet/walletconnect-relay';
import { PayoutEthersSigner } from './ethers-signer';
import { FileKeyValueStorage } from './file-storage';
import { signPayoutBinding } from './payout-binding';
import type { PayoutSigner } from './signer';
import { WalletConnectWallet, type WalletConnectState } from './walletconnect';
import { useWalletTestbed } from './wallet-testbed.fixture';

// Real WalletConnect clients on both ends of the local relay: the engine's WalletConnectWallet,
// and a phone wallet made with sign-client that signs with a Hardhat dev key and sends its
// transactions to Hardhat's in-process chain.

type Client = Awaited<ReturnType<typeof SignClient.init>>;

const HARDHAT_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'; // account #1
const OTHER_KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a'; // account #2
const NODE_ID = '0x000000000000000000000000000000000000dEaD';

const bed = useWalletTestbed('plexai-wallet-');
let counter = 0;
const nonces = new Map<string, number>();
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface PhoneOptions {
  key?: string;
  /** Chains the phone approves the session with; our chain by default. */
  chains?: () => number[];
  onProposal?: 'approve' | 'reject';
  /** How the phone answers each request method: sign/send for real, refuse, or answer garbage. */
  answer?: Partial<Record<string, 'ok' | 'reject' | 'garbage' | 'unknown-chain'>>;
}

/** A mobile wallet: sign-client in the wallet role, a dev key, Hardhat as its chain. */
async function startPhone(options: PhoneOptions = {}) {
  const signer = new Wallet(options.key ?? HARDHAT_KEY, bed.provider);
  const storage = await FileKeyValueStorage.open(join(bed.dir, `phone-${++counter}.json`));
  const client: Client = await SignClient.init({
    projectId: 'devnet',
    relayUrl: bed.relay.url,
    customStoragePrefix: `phone-${++counter}`,
    storage,
    telemetryEnabled: false,
    logger: 'silent',
    metadata: { name: 'Test Phone Wallet', description: 'signs with a Hardhat key', url: 'https://wallet.invalid', icons: [] },
  });
  // A phone asks verify.walletconnect.org about the dapp's origin; unreachable here, that costs up
  // to 5 s per proposal. The engine is the dapp side and never resolves attestations.
  client.core.verify.resolve = (async () => undefined) as unknown as typeof client.core.verify.resolve;
  const namespaces = (chains: number[]) => ({
    eip155: {
      chains: chains.map((c) => `eip155:${c}`),
      accounts: chains.map((c) => `eip155:${c}:${signer.address}`),
      methods: ['personal_sign', 'eth_sendTransaction', 'wallet_switchEthereumChain', 'wallet_addEthereumChain'],
      events: ['accountsChanged', 'chainChanged'],
    },
  });
  const deleted: string[] = [];
  const requests: string[] = [];
  client.on('session_delete', ({ topic }) => deleted.push(topic));
  client.on('session_proposal', async ({ id }) => {
    if (options.onProposal === 'reject') {
      await client.reject({ id, reason: { code: 5000, message: 'User rejected.' } });
      return;
    }
    const { acknowledged } = await client.approve({ id, namespaces: namespaces(options.chains?.() ?? [bed.chain.chainId]) });
    await acknowledged();
  });
  client.on('session_request', async ({ id, topic, params }) => {
    const { method, params: args } = params.request as { method: string; params: any[] };
    requests.push(method);
    const respond = (body: { result: unknown } | { error: { code: number; message: string } }) =>
      client.respond({ topic, response: { id, jsonrpc: '2.0', ...body } as never });
    const how = options.answer?.[method] ?? 'ok';
    if (how === 'reject') return respond({ error: { code: 4001, message: 'User rejected the request.' } });
    if (how === 'unknown-chain') return respond({ error: { code: 4902, message: 'Unrecognized chain ID.' } });
    if (how === 'garbage') return respond({ result: method === 'personal_sign' ? await new Wallet(OTHER_KEY).signMessage('x') : 'not a hash' });
    if (method === 'personal_sign') return respond({ result: await signer.signMessage(getBytes(args[0])) });
    if (method === 'eth_sendTransaction') {
      const tx = args[0] as { to: string; value?: string; data?: string; gas?: string };
      // Phones in different tests share Hardhat accounts, and ethers caches reads for 250 ms.
      const nonce = Math.max(await bed.provider.getTransactionCount(signer.address, 'latest'), nonces.get(signer.address) ?? 0);
      nonces.set(signer.address, nonce + 1);
      const sent = await signer.sendTransaction({ to: tx.to, value: tx.value, data: tx.data, gasLimit: tx.gas, nonce });
      return respond({ result: sent.hash });
    }
    if (method === 'wallet_switchEthereumChain' || method === 'wallet_addEthereumChain') {
      const wanted = Number(BigInt(args[0].chainId));
      const session = client.session.get(topic);
      const chains = [...new Set([...(session.namespaces.eip155?.chains ?? []).map((c) => Number(c.split(':')[1])), wanted])];
      const { acknowledged } = await client.update({ topic, namespaces: namespaces(chains) });
      await acknowledged();
      return respond({ result: null });
    }
    return respond({ error: { code: 4200, message: `unsupported ${method}` } });
  });
  const phone = {
    client,
    address: signer.address,
    deleted,
    requests,
    pair: (uri: string) => client.pair({ uri }),
    disconnectAll: async () => {
      for (const s of client.session.getAll()) await client.disconnect({ topic: s.topic, reason: { code: 6000, message: 'User disconnected.' } });
    },
    close: async () => {
      storage.seal();
      client.core.heartbeat.stop();
      await client.core.relayer.transportClose().catch(() => {});
    },
  };
  cleanups.push(phone.close);
  return phone;
}

async function startApp(name = `app-${++counter}`) {
  const app = await WalletConnectWallet.create({
    relayUrl: bed.relay.url,
    projectId: 'devnet',
    chain: bed.chain,
    storagePath: join(bed.dir, `${name}.json`),
    storagePrefix: `${name}-${++counter}`,
    chainSwitchTimeoutMs: 10_000,
  });
  const states: WalletConnectState['status'][] = [];
  app.onDidChangeState((s) => states.push(s.status));
  cleanups.push(() => app.close());
  return { app, states, name };
}

/** An app paired with a phone that approved the session: where most tests begin. */
async function connectedApp(phoneOptions: PhoneOptions = {}, appName?: string) {
  const started = await startApp(appName);
  const phone = await startPhone(phoneOptions);
  const pairing = await started.app.connect();
  await phone.pair(pairing.uri);
  return { ...started, phone, signer: await pairing.approved };
}

function ended(signer: PayoutSigner): Promise<string> {
  return new Promise((resolve) => signer.onDidEnd(({ reason }) => resolve(reason)));
}

async function expectPlexError(promise: Promise<unknown>, name: string): Promise<PlexError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlexError);
  expect((error as PlexError).errorName).toBe(name);
  return error as PlexError;
}

describe('WalletConnectWallet against a phone wallet over the local relay', () => {
  test('pairs, gets approved on our chain, signs the payout binding and sends a transaction', async () => {
    const { app, states } = await startApp();
    const phone = await startPhone();
    expect(app.state).toEqual({ status: 'disconnected' });

    const pairing = await app.connect();
    expect(pairing.uri).toMatch(/^wc:[0-9a-f]{64}@2\?/);
    expect(app.state).toEqual({ status: 'pairing', uri: pairing.uri });
    await phone.pair(pairing.uri);
    const signer = await pairing.approved;

    expect(signer.address).toBe(phone.address);
    expect(signer.chainId).toBe(bed.chain.chainId);
    expect(signer.kind).toBe('walletconnect');
    expect(signer.label).toBe('Test Phone Wallet');
    expect(app.state).toEqual({ status: 'connected', address: phone.address, chainId: bed.chain.chainId, peerName: 'Test Phone Wallet' });
    expect(states).toEqual(['pairing', 'connected']);
    const [session] = phone.client.session.getAll();
    expect(session!.namespaces.eip155!.accounts).toEqual([`eip155:${bed.chain.chainId}:${phone.address}`]);
    expect(session!.namespaces.eip155!.methods).toContain('personal_sign');

    const binding = await signPayoutBinding(signer, NODE_ID);
    expect(binding.address).toBe(phone.address);
    expect(verifyMessage(payoutBindingMessage(NODE_ID, phone.address), binding.signature)).toBe(phone.address);

    const to = Wallet.createRandom().address;
    const hash = await signer.sendTransaction({ to, value: 12345n });
    const receipt = await bed.provider.waitForTransaction(hash);
    expect(receipt?.status).toBe(1);
    expect(receipt?.from).toBe(phone.address);
    expect(await bed.provider.getBalance(to)).toBe(12345n);
    expect(phone.requests).toEqual(['personal_sign', 'eth_sendTransaction']);
  });

  test('runs the typed contract bindings through the wallet', async () => {
    const { phone, signer } = await connectedApp();
    const deployment = await deployPlexAi(await bed.provider.getSigner(0));
    await (await deployment.contracts.token.transfer(phone.address, 100n)).wait();

    const mine = connectPlexAi(deployment.addresses, new PayoutEthersSigner(signer, bed.provider));
    const response = await mine.token.approve(deployment.addresses.staking, 60n);
    expect((await response.wait())?.status).toBe(1);
    expect(response.from).toBe(phone.address);
    expect(await deployment.contracts.token.allowance(phone.address, deployment.addresses.staking)).toBe(60n);
    expect(phone.requests).toEqual(['eth_sendTransaction']);
  });

  test('restores the session from the data directory and disconnects on both ends', async () => {
    const { app: first, phone, signer: before } = await connectedApp({}, 'restored');
    await first.close();

    // Same file, same prefix: what a restart of the app does.
    const again = await WalletConnectWallet.create({
      relayUrl: bed.relay.url,
      projectId: 'devnet',
      chain: bed.chain,
      storagePath: join(bed.dir, 'restored.json'),
      storagePrefix: (first as unknown as { options: { storagePrefix: string } }).options.storagePrefix,
    });
    cleanups.push(() => again.close());
    expect(again.state).toEqual({ status: 'connected', address: before.address, chainId: bed.chain.chainId, peerName: 'Test Phone Wallet' });
    const signer = again.signer!;
    const signature = await signer.signMessage('still here');
    expect(verifyMessage('still here', signature)).toBe(phone.address);

    const end = ended(signer);
    const topic = (signer as unknown as { topic: string }).topic;
    await signer.disconnect();
    expect(await end).toBe('disconnected');
    expect(again.state).toEqual({ status: 'disconnected' });
    expect(again.signer).toBeNull();
    await expect.poll(() => phone.deleted).toEqual([topic]);
    await expectPlexError(signer.signMessage('gone'), 'WALLET_NOT_CONNECTED');
  });

  test('follows the wallet switching accounts', async () => {
    const { app, phone, signer } = await connectedApp();
    const changed = new Promise((resolve) => signer.onDidChangeAccount(resolve));
    const other = new Wallet(OTHER_KEY).address;
    const [session] = phone.client.session.getAll();
    const eip155 = session!.namespaces.eip155!;
    const { acknowledged } = await phone.client.update({
      topic: session!.topic,
      namespaces: { eip155: { ...eip155, accounts: [`eip155:${bed.chain.chainId}:${other}`] } },
    });
    await acknowledged();
    expect(await changed).toEqual({ address: other, chainId: bed.chain.chainId });
    expect(signer.address).toBe(other);
    expect(app.state).toMatchObject({ status: 'connected', address: other });
  });

  test('sees the wallet disconnect', async () => {
    const { app, phone, signer } = await connectedApp();
    const end = ended(signer);
    await phone.disconnectAll();
    expect(await end).toBe('peer-disconnected');
    expect(app.state).toEqual({ status: 'disconnected' });
  });

  test('surfaces refusals as WALLET_REJECTED and malformed answers as WALLET_FAILED', async () => {
    const refused = await startApp();
    const phoneSaysNo = await startPhone({ onProposal: 'reject' });
    const pairing = await refused.app.connect();
    await phoneSaysNo.pair(pairing.uri);
    await expectPlexError(pairing.approved, 'WALLET_REJECTED');
    expect(refused.app.state).toEqual({ status: 'disconnected' });

    const { app, signer } = await connectedApp({ answer: { personal_sign: 'reject', eth_sendTransaction: 'garbage' } });
    const rejected = await expectPlexError(signer.signMessage('hello'), 'WALLET_REJECTED');
    expect(rejected.message).toBe('The wallet declined to sign the message.');
    const garbage = await expectPlexError(signer.sendTransaction({ to: NODE_ID, value: 1n }), 'WALLET_FAILED');
    expect(garbage.message).toMatch(/eth_sendTransaction/);
    // Still connected: a refusal is not a disconnect.
    expect(app.state.status).toBe('connected');
  });

  test('rejects a signature from another key', async () => {
    const { signer } = await connectedApp({ answer: { personal_sign: 'garbage' } });
    await expectPlexError(signer.signMessage('hello'), 'WALLET_FAILED');
  });

  test('asks a wallet on another chain to switch, and gives up on one that will not', async () => {
    const { app, phone, signer } = await connectedApp({ chains: () => [1] });
    expect(phone.requests).toEqual(['wallet_switchEthereumChain']);
    expect(signer.chainId).toBe(bed.chain.chainId);
    expect(app.state).toMatchObject({ status: 'connected', chainId: bed.chain.chainId });

    const { phone: adds, signer: added } = await connectedApp({ chains: () => [1], answer: { wallet_switchEthereumChain: 'unknown-chain' } });
    expect(added.chainId).toBe(bed.chain.chainId);
    expect(adds.requests).toEqual(['wallet_switchEthereumChain', 'wallet_addEthereumChain']);

    const stubborn = await startApp();
    const refuses = await startPhone({ chains: () => [1], answer: { wallet_switchEthereumChain: 'reject' } });
    const next = await stubborn.app.connect();
    await refuses.pair(next.uri);
    const error = await expectPlexError(next.approved, 'WALLET_WRONG_CHAIN');
    expect(error.message).toMatch(/declined to switch chains/);
    expect(stubborn.app.state).toEqual({ status: 'disconnected' });
    await expect.poll(() => refuses.deleted.length).toBe(1);
  });

  test('reports an unreachable relay as WALLET_UNAVAILABLE without waiting for sign-client to give up', async () => {
    const closed = await startWalletConnectRelay();
    const url = closed.url;
    await closed.close();
    const app = await WalletConnectWallet.create({
      relayUrl: url,
      projectId: 'devnet',
      chain: bed.chain,
      storagePath: join(bed.dir, 'unreachable.json'),
      storagePrefix: `unreachable-${++counter}`,
      connectTimeoutMs: 1_000,
    });
    cleanups.push(() => app.close());
    const error = await expectPlexError(app.connect(), 'WALLET_UNAVAILABLE');
    expect(error.message).toContain(url);
    expect(app.state).toEqual({ status: 'disconnected' });
  });
});
