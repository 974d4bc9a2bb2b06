import { BrowserProvider, Wallet, verifyMessage } from 'ethers';
import { beforeAll, expect, test } from 'vitest';
import { PlexError } from '../../common/errors';
import { payoutBindingMessage } from '../../common/protocol';
import { LocalDevSigner } from './local-key';
import { signPayoutBinding } from './payout-binding';
import { LOCAL_DEV_WALLET_LABEL } from './signer';
import { hardhatProvider } from '../../chain/hardhat';

const KEY = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6'; // Hardhat account #3
let provider: BrowserProvider;
let chainId: number;

beforeAll(async () => {
  ({ provider, chainId } = await hardhatProvider());
}, 60_000);

test('signs the payout binding and sends transactions on the devnet chain, labelled as a dev wallet', async () => {
  const signer = await LocalDevSigner.create(KEY, provider, chainId);
  expect(signer.kind).toBe('local-dev');
  expect(signer.label).toBe(LOCAL_DEV_WALLET_LABEL);
  expect(signer.address).toBe(new Wallet(KEY).address);

  const nodeId = Wallet.createRandom().address;
  const binding = await signPayoutBinding(signer, nodeId);
  expect(verifyMessage(payoutBindingMessage(nodeId, signer.address), binding.signature)).toBe(signer.address);

  const to = Wallet.createRandom().address;
  const receipt = await provider.waitForTransaction(await signer.sendTransaction({ to, value: 777n }));
  expect(receipt?.from).toBe(signer.address);
  expect(await provider.getBalance(to)).toBe(777n);
  // Back to back, as approve-then-stake does: each needs the next nonce.
  const [a, b] = await Promise.all([signer.sendTransaction({ to, value: 1n }), signer.sendTransaction({ to, value: 2n })]);
  // Hardhat automines: the receipts exist as soon as the sends return.
  const receipts = await Promise.all([a, b, await signer.sendTransaction({ to, value: 3n })].map((h) => provider.getTransactionReceipt(h)));
  expect(receipts.map((r) => r?.status)).toEqual([1, 1, 1]);
  // At the last block explicitly: ethers serves a repeated identical read from a 250 ms cache.
  expect(await provider.getBalance(to, receipts[2]!.blockNumber)).toBe(783n);
  await expect(signer.sendTransaction({ to: 'not an address' })).rejects.toMatchObject({ errorName: 'INVALID_PARAMS' });
});

test('refuses an RPC that serves another chain', async () => {
  const error = await LocalDevSigner.create(KEY, provider, 56).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PlexError);
  expect((error as PlexError).errorName).toBe('WALLET_WRONG_CHAIN');
});

test('disconnect ends it', async () => {
  const signer = await LocalDevSigner.create(KEY, provider, chainId);
  const reasons: string[] = [];
  signer.onDidEnd(({ reason }) => reasons.push(reason));
  await signer.disconnect();
  await signer.disconnect();
  expect(reasons).toEqual(['disconnected']);
  await expect(signer.signMessage('x')).rejects.toMatchObject({ errorName: 'WALLET_NOT_CONNECTED' });
});

test('the payout binding is signed once per node and address, then read from the data directory', async () => {
  const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { PayoutBindingStore } = await import('./payout-binding');
  const dir = await mkdtemp(join(tmpdir(), 'plexai-binding-'));
  try {
    const signer = await LocalDevSigner.create(KEY, provider, chainId);
    let asked = 0;
    const counting = Object.assign(Object.create(signer) as LocalDevSigner, {
      signMessage: (m: string) => (asked++, signer.signMessage(m)),
    });
    const store = new PayoutBindingStore(join(dir, 'payout-binding.json'));
    const nodeId = Wallet.createRandom().address;
    const first = await store.get(counting, nodeId);
    expect(await new PayoutBindingStore(join(dir, 'payout-binding.json')).get(counting, nodeId)).toEqual(first);
    expect(asked).toBe(1);
    // Another node identity needs a new signature; so does a tampered file.
    await store.get(counting, Wallet.createRandom().address);
    expect(asked).toBe(2);
    await writeFile(join(dir, 'payout-binding.json'), JSON.stringify({ nodeId, address: signer.address, signature: `0x${'1b'.repeat(65)}` }));
    expect(await store.get(counting, nodeId)).toEqual(first);
    expect(asked).toBe(3);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
