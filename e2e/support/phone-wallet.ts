import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignClient } from '@walletconnect/sign-client';
import { JsonRpcProvider, Wallet, getBytes } from 'ethers';
import { FileKeyValueStorage } from '../../src/engine/wallet/file-storage';

/** Hardhat account #4: not one the devnet uses, so its address on the page can only have come from the phone. */
const PHONE_KEY = '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a';

export interface PhoneWallet {
  readonly name: string;
  readonly address: string;
  /** The methods the app asked the phone for, in order. */
  readonly requests: string[];
  /** Topics of the sessions the app ended, in order. */
  readonly ended: string[];
  /**
   * With `answer: 'hold'`: approves the proposals the phone has received and not answered yet, as
   * an owner who looks at the phone late would; resolves with their session topics once sent.
   */
  approveHeld(): Promise<string[]>;
  /** How many proposals the phone holds unanswered (`answer: 'hold'`). */
  readonly heldCount: number;
  /**
   * With `holdsTransactions`: sends the transactions the phone holds, as an owner who taps "Confirm"
   * late, and every later one at once.
   */
  sendHeldTransactions(): Promise<void>;
  /** How many transactions the phone holds unsent (`holdsTransactions`). */
  readonly heldTransactionCount: number;
  /** Pairs with a wc: URI, as scanning the QR code does. */
  pair(uri: string): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * A mobile wallet in the test process: @walletconnect/sign-client in the wallet role, over the
 * devnet's relay. It approves the session proposal on `chainId` (or refuses it, or holds it until
 * `approveHeld`), signs personal_sign with a Hardhat key, and refuses to switch chains. Given the
 * chain's `rpcUrl`, it also signs and sends the transactions the app asks for, as a phone whose
 * owner taps "Confirm".
 */
export async function startPhoneWallet(options: {
  relayUrl: string;
  chainId: number;
  answer: 'approve' | 'reject' | 'hold';
  rpcUrl?: string;
  /** Transactions wait on the phone until `sendHeldTransactions`, so the app's pending state can be seen. */
  holdsTransactions?: boolean;
}): Promise<PhoneWallet> {
  const dir = mkdtempSync(join(tmpdir(), 'plexai-e2e-phone-'));
  const provider = options.rpcUrl ? new JsonRpcProvider(options.rpcUrl, options.chainId, { staticNetwork: true }) : null;
  const signer = new Wallet(PHONE_KEY, provider);
  let nextNonce = 0;
  const name = `Test Phone Wallet ${++counter}`;
  const storage = await FileKeyValueStorage.open(join(dir, 'storage.json'));
  const client = await SignClient.init({
    projectId: 'devnet',
    relayUrl: options.relayUrl,
    customStoragePrefix: `e2e-phone-${process.pid}-${counter}`,
    storage,
    telemetryEnabled: false,
    logger: 'silent',
    metadata: { name, description: 'the e2e tests’ phone', url: 'https://wallet.invalid', icons: [] },
  });
  // verify.walletconnect.org is unreachable here; asking it costs up to 5 s per proposal.
  client.core.verify.resolve = (async () => undefined) as unknown as typeof client.core.verify.resolve;
  const requests: string[] = [];
  const ended: string[] = [];
  const held: number[] = [];
  let holdingTransactions = options.holdsTransactions ?? false;
  const heldTransactions: (() => Promise<void>)[] = [];
  client.on('session_delete', ({ topic }) => ended.push(topic));

  const approve = (id: number) =>
    client.approve({
      id,
      namespaces: {
        eip155: {
          chains: [`eip155:${options.chainId}`],
          accounts: [`eip155:${options.chainId}:${signer.address}`],
          methods: ['personal_sign', 'eth_sendTransaction', 'wallet_switchEthereumChain', 'wallet_addEthereumChain'],
          events: ['accountsChanged', 'chainChanged'],
        },
      },
    });

  client.on('session_proposal', ({ id }) => {
    void (async () => {
      if (options.answer === 'hold') {
        held.push(id);
        return;
      }
      if (options.answer === 'reject') {
        await client.reject({ id, reason: { code: 5000, message: 'User rejected.' } });
        return;
      }
      const { acknowledged } = await approve(id);
      await acknowledged();
    })().catch((error: unknown) => console.error('phone wallet: answering the proposal failed:', error));
  });

  client.on('session_request', ({ id, topic, params }) => {
    const { method, params: args } = params.request as { method: string; params: unknown[] };
    requests.push(method);
    const respond = (body: { result: unknown } | { error: { code: number; message: string } }) =>
      client.respond({ topic, response: { id, jsonrpc: '2.0', ...body } as never });
    const send = async (provider: JsonRpcProvider) => {
      const tx = args[0] as { to: string; value?: string; data?: string; gas?: string };
      // Requests can come back to back, faster than ethers' cached transaction count moves.
      const nonce = Math.max(await provider.getTransactionCount(signer.address, 'pending'), nextNonce);
      nextNonce = nonce + 1;
      const sent = await signer.sendTransaction({ to: tx.to, value: tx.value, data: tx.data, gasLimit: tx.gas, nonce });
      await respond({ result: sent.hash });
    };
    void (async () => {
      if (method === 'personal_sign') return respond({ result: await signer.signMessage(getBytes(args[0] as string)) });
      if (method === 'eth_sendTransaction' && provider) {
        if (holdingTransactions) return void heldTransactions.push(() => send(provider));
        return send(provider);
      }
      if (method === 'wallet_switchEthereumChain' || method === 'wallet_addEthereumChain') {
        return respond({ error: { code: 4001, message: 'User rejected the request.' } });
      }
      return respond({ error: { code: 4200, message: `the test phone does not do ${method}` } });
    })().catch((error: unknown) => console.error(`phone wallet: answering ${method} failed:`, error));
  });

  return {
    name,
    address: signer.address,
    requests,
    ended,
    get heldCount() {
      return held.length;
    },
    approveHeld: async () => {
      const ids = held.splice(0);
      const topics: string[] = [];
      // The app may end the session before acknowledging it; the phone does not wait for that.
      for (const id of ids) topics.push((await approve(id)).topic);
      return topics;
    },
    get heldTransactionCount() {
      return heldTransactions.length;
    },
    sendHeldTransactions: async () => {
      holdingTransactions = false;
      for (const sendOne of heldTransactions.splice(0)) await sendOne();
    },
    pair: async (uri) => {
      await client.pair({ uri });
    },
    close: async () => {
      provider?.destroy();
      client.core.heartbeat.stop();
      await client.core.relayer.transportClose().catch(() => {});
      // A session the app just ended may still be being written: let it land before removing the folder.
      storage.seal();
      await storage.flush().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
