import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Wallet } from 'ethers';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { payoutBindingMessage } from '../../common/protocol';
import { runCoordinator } from '../../coordinator/run';
import { backoffDelay } from './backoff';
import { nodeSocketUrl } from './client';
import { startDoublingNode } from './doubling-node.fixture';
import { FakeCoordinator } from './fake-coordinator.fixture';
import { loadOrCreateIdentity } from './identity';

const dir = () => mkdtempSync(join(tmpdir(), 'plexai-node-'));
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('backoffDelay', () => {
  test.for([
    [0, 0.999, 99],
    [3, 0.5, 400],
    [10, 0.999, 29_970],
    [40, 1, 30_000],
    [5, 0, 0],
  ] as const)('attempt %i with jitter %f waits %i ms', ([attempt, random, expected]) => {
    expect(backoffDelay(attempt, 100, 30_000, () => random)).toBe(expected);
  });
});

describe('nodeSocketUrl', () => {
  test.for([
    ['wss://coordinator.plexai.network', 'wss://coordinator.plexai.network/v1/nodes'],
    ['https://coordinator.plexai.network:8420', 'wss://coordinator.plexai.network:8420/v1/nodes'],
    ['ws://127.0.0.1:8420', 'ws://127.0.0.1:8420/v1/nodes'],
    ['http://localhost:8420/', 'ws://localhost:8420/v1/nodes'],
    ['ws://[::1]:8420', 'ws://[::1]:8420/v1/nodes'],
  ] as const)('%s → %s', ([base, socket]) => {
    expect(nodeSocketUrl(base)).toBe(socket);
  });

  test.for([
    ['ws://coordinator.plexai.network:8420', 'COORDINATOR_INSECURE', 'must be reached over wss:// (TLS)'],
    ['http://10.0.0.7:8420', 'COORDINATOR_INSECURE', 'The coordinator at 10.0.0.7:8420 must be reached over wss://'],
    ['ftp://coordinator.plexai.network', 'INVALID_PARAMS', 'it must start with wss://'],
    ['coordinator', 'INVALID_PARAMS', 'is not a coordinator address'],
  ] as const)('%s is refused with %s', ([base, errorName, message]) => {
    expect(() => nodeSocketUrl(base)).toThrow(expect.objectContaining({ errorName, message: expect.stringContaining(message) }));
  });

  test('a node told to use a plain remote coordinator is refused before it opens any socket', async () => {
    await expect(startDoublingNode('ws://203.0.113.5:8420', dir())).rejects.toThrow(expect.objectContaining({ errorName: 'COORDINATOR_INSECURE' }));
  });
});

describe('identity', () => {
  test('is made once and reused', async () => {
    const path = join(dir(), 'identity.json');
    const first = await loadOrCreateIdentity(path);
    expect((await loadOrCreateIdentity(path)).address).toBe(first.address);
  });
});

describe('NetworkClient against a real coordinator', () => {
  test('a payout binding signed by another wallet is turned away, and the client says the coordinator refused it rather than that the network is down', async () => {
    const coordinator = await runCoordinator({ host: '127.0.0.1', port: 0, dataDir: dir(), apiKeys: [] }, () => undefined);
    cleanups.push(() => coordinator.stop());
    const payoutWallet = new Wallet(`0x${'33'.repeat(32)}`);
    const impostor = new Wallet(`0x${'44'.repeat(32)}`);
    const { client, identity } = await startDoublingNode(coordinator.url, dir(), {
      slots: 1,
      payout: async () => ({ address: payoutWallet.address, signature: await impostor.signMessage(payoutBindingMessage(identity.address, payoutWallet.address)) }),
    });
    cleanups.push(() => client.dispose());
    await vi.waitFor(() => expect(client.current()).toMatchObject({ status: 'waiting', cause: 'refused', lastError: expect.stringContaining('payout') }), { timeout: 10_000 });
  });
});

describe('NetworkClient against a protocol-speaking fake coordinator (compute faked: the node doubles its input)', () => {
  test('registers with a verified signature, leases, submits signed batches, refuses bad input, and empties its outbox on ack', async () => {
    const coordinator = await FakeCoordinator.start(10);
    cleanups.push(() => coordinator.close());
    const { client, outbox } = await startDoublingNode(coordinator.url, dir());
    cleanups.push(() => client.dispose());
    await vi.waitFor(() => expect(coordinator.results.size).toBe(10), { timeout: 10_000 });
    await vi.waitFor(() => expect(outbox.pending()).toEqual([]));
    expect(coordinator.badSignatures).toEqual([]);
    const refusal = coordinator.received.find((m) => m.type === 'refuse');
    expect(refusal).toMatchObject({ leaseId: 'lease-3', reason: 'bad-input' });
    const results = coordinator.received.flatMap((m) => (m.type === 'submit' ? m.results : []));
    expect(results.find((r) => r.leaseId === 'lease-5')?.output).toEqual({ dtype: 'float32', shape: [1, 2], data: [10, 2] });
    expect(client.current().status).toBe('connected');
  });

  test('an assignment the schema refuses (a NaN, which JSON writes as null) is refused on its own: the session and the frame’s other leases carry on', async () => {
    const coordinator = await FakeCoordinator.start(6, (n) => ({
      model: { id: 'doubler', sha256: `0x${'ab'.repeat(32)}`, bytes: 0, url: null },
      input: { dtype: 'float32', shape: [1, 2], data: [n === 2 ? Number.NaN : n, 1] },
    }));
    cleanups.push(() => coordinator.close());
    const { client } = await startDoublingNode(coordinator.url, dir());
    cleanups.push(() => client.dispose());
    await vi.waitFor(() => expect(coordinator.results.size).toBe(6), { timeout: 10_000 });
    const refusals = coordinator.received.filter((m) => m.type === 'refuse');
    expect(refusals).toEqual([
      { type: 'refuse', leaseId: 'lease-2', taskId: 'task-2', reason: 'bad-input', message: expect.stringMatching(/^Invalid assignment: input\.data\.0: .*null/) },
    ]);
    expect(coordinator.received.filter((m) => m.type === 'hello')).toHaveLength(1);
    expect(client.current().status).toBe('connected');
  });

  test('without a payout wallet it waits and says why, then joins once a wallet is connected', async () => {
    const coordinator = await FakeCoordinator.start(3);
    cleanups.push(() => coordinator.close());
    const wallet = new Wallet(`0x${'22'.repeat(32)}`);
    let connected = false;
    const payout = async () => {
      if (!connected) throw new Error('Connect a wallet first');
      return { address: wallet.address, signature: await wallet.signMessage(payoutBindingMessage(identity.address, wallet.address)) };
    };
    const { client, identity } = await startDoublingNode(coordinator.url, dir(), { payout });
    cleanups.push(() => client.dispose());
    await vi.waitFor(() => expect(client.current()).toMatchObject({ status: 'waiting', cause: 'no-wallet', lastError: expect.stringContaining('no payout wallet: Connect a wallet first') }));
    connected = true;
    await vi.waitFor(() => expect(coordinator.results.size).toBe(3), { timeout: 10_000 });
    expect(client.current().status).toBe('connected');
  });

  test('after the coordinator drops it, it reconnects and resends what was not acknowledged', async () => {
    const coordinator = await FakeCoordinator.start(4);
    cleanups.push(() => coordinator.close());
    coordinator.acking = false;
    const { client, outbox } = await startDoublingNode(coordinator.url, dir());
    cleanups.push(() => client.dispose());
    const statuses: string[] = [];
    client.onDidChangeStatus((s) => statuses.push(s.status));
    await vi.waitFor(() => expect(coordinator.results.size).toBe(4), { timeout: 10_000 });
    expect(outbox.pending()).toHaveLength(4);
    coordinator.acking = true;
    coordinator.dropAll();
    await vi.waitFor(() => expect(outbox.pending()).toEqual([]), { timeout: 10_000 });
    expect(statuses).toEqual(expect.arrayContaining(['waiting', 'connecting', 'connected']));
    expect([...coordinator.results.values()].every((n) => n >= 2)).toBe(true);
  });

  test('a node process killed with SIGKILL loses no finished result: the restarted process sends them all', async () => {
    const coordinator = await FakeCoordinator.start(30);
    cleanups.push(() => coordinator.close());
    coordinator.acking = false;
    const dataDir = dir();
    const fixture = fileURLToPath(new URL('./doubling-node.fixture.ts', import.meta.url));
    const startChild = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
        env: { ...process.env, PLEXAI_TEST_COORDINATOR: coordinator.url, PLEXAI_TEST_DATA_DIR: dataDir },
        stdio: 'ignore',
      });
      cleanups.push(() => child.kill('SIGKILL'));
      return child;
    };
    const first = startChild();
    await vi.waitFor(() => expect(coordinator.results.size).toBeGreaterThanOrEqual(8), { timeout: 15_000 });
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const sentBeforeKill = [...coordinator.results.keys()];
    const onDisk = readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.json'));
    expect(onDisk.length).toBeGreaterThanOrEqual(sentBeforeKill.length);

    coordinator.results.clear();
    coordinator.acking = true;
    startChild();
    await vi.waitFor(
      () => {
        for (const lease of sentBeforeKill) expect(coordinator.results.has(lease)).toBe(true);
        expect(readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.json'))).toEqual([]);
      },
      { timeout: 15_000 },
    );
  }, 40_000);
});
