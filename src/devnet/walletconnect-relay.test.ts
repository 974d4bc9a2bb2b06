import { generateKeyPairSync, sign } from 'node:crypto';
import { encodeBase58 } from 'ethers';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { startWalletConnectRelay, verifyRelayAuth, type WalletConnectRelay } from './walletconnect-relay';

// Raw sockets speaking the relay protocol, to pin down what the relay does with each message;
// src/engine/wallet/walletconnect.test.ts runs real sign-clients through it.

function relayJwt(expSeconds = Math.floor(Date.now() / 1000) + 3600): { jwt: string; clientId: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const clientId = `did:key:z${encodeBase58(Buffer.concat([Buffer.from([0xed, 0x01]), raw]))}`;
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const data = `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part({ iss: clientId, sub: 'x', aud: 'ws://relay', iat: 1, exp: expSeconds })}`;
  return { jwt: `${data}.${sign(null, Buffer.from(data), privateKey).toString('base64url')}`, clientId };
}

interface Peer {
  socket: WebSocket;
  frames: unknown[];
  send(value: unknown): void;
  sendRaw(text: string): void;
  next(predicate: (frame: any) => boolean): Promise<any>;
  call(method: string, params: unknown): Promise<any>;
}

let relay: WalletConnectRelay;
const opened: WebSocket[] = [];
let nextId = 1;

async function connect(options: { auth?: string | null; autoPong?: boolean } = {}): Promise<Peer> {
  const auth = options.auth === undefined ? relayJwt().jwt : options.auth;
  const socket = new WebSocket(`${relay.url}/?projectId=test${auth ? `&auth=${auth}` : ''}`, { autoPong: options.autoPong ?? true });
  opened.push(socket);
  const frames: unknown[] = [];
  const waiters: { predicate: (f: any) => boolean; resolve: (f: any) => void }[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    frames.push(frame);
    for (const w of [...waiters]) if (w.predicate(frame)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(frame);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const peer: Peer = {
    socket,
    frames,
    send: (value) => socket.send(JSON.stringify(value)),
    sendRaw: (text) => socket.send(text),
    next: (predicate) =>
      new Promise((resolve) => {
        const seen = frames.find(predicate);
        if (seen) return resolve(seen);
        waiters.push({ predicate, resolve });
      }),
    call: async (method, params) => {
      const id = nextId++;
      peer.send({ jsonrpc: '2.0', id, method, params });
      return peer.next((f) => f.id === id);
    },
  };
  return peer;
}

const topic = (c: string) => c.repeat(64);
const deliveries = (peer: Peer) => peer.frames.filter((f: any) => f.method === 'irn_subscription') as any[];
const settle = () => new Promise((r) => setTimeout(r, 50));

beforeEach(async () => {
  relay = await startWalletConnectRelay();
});

afterEach(async () => {
  for (const s of opened.splice(0)) s.terminate();
  await relay.close();
});

describe('walletconnect relay', () => {
  test('refuses a connection without a valid relay-auth JWT', async () => {
    await expect(connect({ auth: null })).rejects.toThrow(/401/);
    await expect(connect({ auth: relayJwt(Math.floor(Date.now() / 1000) - 10).jwt })).rejects.toThrow(/401/);
    const forged = relayJwt().jwt.split('.');
    const other = relayJwt().jwt.split('.');
    await expect(connect({ auth: `${forged[0]}.${forged[1]}.${other[2]}` })).rejects.toThrow(/401/);
  });

  test('verifyRelayAuth returns the did:key the JWT was signed with', () => {
    const { jwt, clientId } = relayJwt();
    expect(verifyRelayAuth(jwt)).toBe(clientId);
    expect(verifyRelayAuth('a.b.c')).toBeNull();
  });

  test('answers malformed messages with JSON-RPC errors and keeps serving', async () => {
    const peer = await connect();
    peer.sendRaw('{not json');
    expect((await peer.next((f) => f.error?.code === -32700)).id).toBeNull();
    peer.send({ jsonrpc: '2.0', id: 7 });
    expect(await peer.next((f) => f.id === 7)).toMatchObject({ error: { code: -32600 } });
    expect(await peer.call('irn_nonsense', {})).toMatchObject({ error: { code: -32601 } });
    const bad = await peer.call('irn_publish', { topic: 'nothex', message: 42, ttl: -1 });
    expect(bad.error.code).toBe(-32602);
    expect(bad.error.data.issues.map((i: { path: string }) => i.path).sort()).toEqual(['message', 'topic', 'ttl']);
    expect(await peer.call('irn_batchSubscribe', { topics: [] })).toMatchObject({ error: { code: -32602 } });
    peer.sendRaw('null');
    peer.sendRaw('[1,2]');
    expect(await peer.call('irn_subscribe', { topic: topic('a') })).toMatchObject({ result: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  test('delivers publishes to other subscribers, holds them for late ones, never echoes', async () => {
    const alice = await connect();
    const bob = await connect();
    await alice.call('irn_subscribe', { topic: topic('1') });
    expect((await alice.call('irn_publish', { topic: topic('1'), message: 'early', ttl: 300, tag: 1108 })).result).toBe(true);
    await bob.call('irn_subscribe', { topic: topic('1') });
    const held = await bob.next((f) => f.method === 'irn_subscription');
    expect(held.params.data).toMatchObject({ topic: topic('1'), message: 'early', tag: 1108 });
    bob.send({ jsonrpc: '2.0', id: held.id, result: true });

    await bob.call('irn_publish', { topic: topic('1'), message: 'live', ttl: 300 });
    expect((await alice.next((f) => f.params?.data?.message === 'live')).params.data.topic).toBe(topic('1'));
    await settle();
    expect(deliveries(alice).map((f) => f.params.data.message)).toEqual(['live']);
    expect(deliveries(bob).map((f) => f.params.data.message)).toEqual(['early']);

    // Unsubscribed: nothing more arrives.
    await alice.call('irn_unsubscribe', { topic: topic('1'), id: 'x' });
    await bob.call('irn_publish', { topic: topic('1'), message: 'after', ttl: 300 });
    await settle();
    expect(deliveries(alice)).toHaveLength(1);
  });

  test('an acknowledged message is not served again to the same client after a reconnect', async () => {
    const { jwt } = relayJwt();
    const sender = await connect();
    await sender.call('irn_publish', { topic: topic('2'), message: 'once', ttl: 300 });
    const first = await connect({ auth: jwt });
    await first.call('irn_subscribe', { topic: topic('2') });
    const pushed = await first.next((f) => f.method === 'irn_subscription');
    first.send({ jsonrpc: '2.0', id: pushed.id, result: true });
    await settle();
    first.socket.close();
    const again = await connect({ auth: jwt });
    await again.call('irn_batchSubscribe', { topics: [topic('2')] });
    expect(await again.call('irn_batchFetchMessages', { topics: [topic('2')] })).toMatchObject({ result: { messages: [], hasMore: false } });
    await settle();
    expect(deliveries(again)).toEqual([]);
    // Someone else still gets it.
    const other = await connect();
    expect((await other.call('irn_fetchMessages', { topic: topic('2') })).result.messages.map((m: { message: string }) => m.message)).toEqual(['once']);
  });

  test('wc_proposeSession and wc_approveSession subscribe their sender and hold the settlement', async () => {
    const dapp = await connect();
    const wallet = await connect();
    const pairing = topic('e');
    const session = topic('5');
    await wallet.call('irn_subscribe', { topic: pairing });
    expect(await dapp.call('wc_proposeSession', { pairingTopic: pairing, sessionProposal: 'proposal', ttl: 300, tag: 1100 })).toMatchObject({ result: true });
    expect((await wallet.next((f) => f.method === 'irn_subscription')).params.data).toMatchObject({ topic: pairing, message: 'proposal' });

    const approve = { pairingTopic: pairing, sessionTopic: session, sessionProposalResponse: 'response', sessionSettlementRequest: 'settle', ttl: 300, tag: 1101 };
    expect((await wallet.call('wc_approveSession', approve)).result).toBe(true);
    // The dapp hears the response on the pairing topic it never subscribed to itself.
    expect((await dapp.next((f) => f.params?.data?.message === 'response')).params.data.topic).toBe(pairing);
    // The settlement waits until the dapp subscribes to the session topic...
    await settle();
    expect(deliveries(dapp).some((f) => f.params.data.message === 'settle')).toBe(false);
    await dapp.call('irn_subscribe', { topic: session });
    expect((await dapp.next((f) => f.params?.data?.message === 'settle')).params.data.topic).toBe(session);
    // ...and the wallet hears the dapp's answer on the session topic without subscribing.
    await dapp.call('irn_publish', { topic: session, message: 'ack', ttl: 300 });
    expect((await wallet.next((f) => f.params?.data?.message === 'ack')).params.data.topic).toBe(session);
    expect(relay.stats()).toMatchObject({ clients: 2 });
  });

  test('pings sockets and drops the ones that stop answering', async () => {
    await relay.close();
    relay = await startWalletConnectRelay({ pingIntervalMs: 40 });
    const healthy = await connect();
    const silent = await connect({ autoPong: false });
    let pings = 0;
    healthy.socket.on('ping', () => pings++);
    const closed = new Promise((resolve) => silent.socket.once('close', resolve));
    await closed;
    await settle();
    expect(pings).toBeGreaterThan(0);
    expect(healthy.socket.readyState).toBe(WebSocket.OPEN);
    expect(relay.stats().clients).toBe(1);
  });
});
