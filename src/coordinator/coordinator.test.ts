import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet, type HDNodeWallet } from 'ethers';
import { afterEach, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, helloMessage, payoutBindingMessage, submitMessage, type Assignment, type CoordinatorMessage, type ResultItem, type Tensor } from '../common/protocol';
import { defaultConfig, type CoordinatorConfig, type ModelSpec } from './config';
import { defaultDeadlinePolicy } from './scoring';
import { Coordinator, type Clock } from './coordinator';
import { createServer } from './server';
import { SimNode, softmax } from './sim-node';
import { openPglite, type SqlDatabase } from './sql';
import { Store } from './store';
import { outputsAgree } from './verification';

const model: ModelSpec = {
  ref: { id: 'classifier', sha256: '0x' + '00'.repeat(32), bytes: 1, url: null },
  flops: 1e6,
  vramMB: 0,
  tolerance: { maxAbs: 1e-4, maxRel: 1e-3, argmax: true },
};
const input = (i: number): Tensor => ({ dtype: 'float32', shape: [4], data: [i % 7, (i * 3) % 5, (i * 5) % 11, 1] });
const canaries = [0.5, 1.5, 2.5].map((x) => {
  const canaryInput: Tensor = { dtype: 'float32', shape: [4], data: [x, 0, 1, 2] };
  return { model: 'classifier', input: canaryInput, expected: softmax(canaryInput) };
});
const wrong = (t: Tensor): Tensor => ({ ...t, data: [...t.data].reverse() });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function network(patch: Partial<CoordinatorConfig> = {}, dataDir?: string, clock?: Clock) {
  const db = await openPglite(dataDir);
  const store = new Store(db);
  await store.migrate();
  const coordinator = new Coordinator(defaultConfig({ models: [model], canaries, leaseHoldMs: 50, ...patch }), store, null, clock);
  await coordinator.start();
  cleanups.push(() => db.close(), () => coordinator.stop());
  return { coordinator, store, db };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('handshake', () => {
  test('a hello signed over another nonce, or with an unbound payout, is refused', async () => {
    const { coordinator } = await network();
    const key = Wallet.createRandom();
    const frames: unknown[] = [];
    let closed = '';
    const session = coordinator.connect({ send: (m) => frames.push(m), close: (r) => (closed = r) });
    const caps = new SimNode(coordinator, { region: 'eu-west', slots: 1, compute: softmax }).capabilities();
    const hello = async (nonce: string, payoutSigner = key) => ({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      nodeId: key.address,
      signature: await key.signMessage(helloMessage(nonce, key.address, key.address)),
      payout: { address: key.address, signature: await payoutSigner.signMessage(payoutBindingMessage(key.address, key.address)) },
      capabilities: caps,
      client: { name: 't', version: '1' },
    });
    await session.receive(JSON.stringify(await hello('0x' + '01'.repeat(32))));
    expect(frames.at(-1)).toMatchObject({ type: 'error', code: 'bad-signature', fatal: true });
    expect(closed).not.toBe('');

    const second = coordinator.connect({ send: (m) => frames.push(m), close: () => undefined });
    await second.receive(JSON.stringify(await hello(second.nonce, Wallet.createRandom())));
    expect(frames.at(-1)).toMatchObject({ type: 'error', code: 'bad-signature', message: expect.stringContaining('payout') });

    const third = coordinator.connect({ send: (m) => frames.push(m), close: () => undefined });
    await third.receive(JSON.stringify(await hello(third.nonce)));
    expect(frames.at(-1)).toMatchObject({ type: 'welcome', nodeId: key.address });
    expect(coordinator.stats().liveNodes).toBe(1);
  });

  test.for([
    ['not JSON', '{nope', 'malformed'],
    ['unknown type', JSON.stringify({ type: 'steal' }), 'malformed'],
    ['work before hello', JSON.stringify({ type: 'lease', requestId: 'r1', slots: 1 }), 'not-ready'],
    ['oversized', 'x'.repeat(4 * 1024 * 1024 + 1), 'too-large'],
  ] as const)('%s gets a typed error', async ([, frame, code]) => {
    const { coordinator } = await network();
    const frames: { type: string; code?: string }[] = [];
    const session = coordinator.connect({ send: (m) => frames.push(m), close: () => undefined });
    await session.receive(frame);
    expect(frames.at(-1)).toMatchObject({ type: 'error', code });
  });

  test('a flood is rate limited and then cut off, and the coordinator keeps serving others', async () => {
    const { coordinator } = await network({ maxMessagesPerSecond: 20 });
    const frames: { type: string; code?: string }[] = [];
    let closed = false;
    const session = coordinator.connect({ send: (m) => frames.push(m), close: () => (closed = true) });
    for (let i = 0; i < 100; i++) await session.receive('{}');
    expect(frames.some((f) => f.code === 'rate-limited')).toBe(true);
    expect(closed).toBe(true);
    const good = new SimNode(coordinator, { region: 'eu-west', slots: 1, compute: softmax });
    good.connect();
    await until(() => good.welcomed);
  });
});

/** A node speaking the protocol frame by frame through a Session, so a test can send what a real node never would. */
async function protocolNode(coordinator: Coordinator, key = Wallet.createRandom(), version = PROTOCOL_VERSION) {
  const frames: CoordinatorMessage[] = [];
  let closed: string | null = null;
  const session = coordinator.connect({ send: (m) => frames.push(m), close: (r) => (closed = r) });
  const send = (message: object) => session.receive(JSON.stringify(message));
  await send({
    type: 'hello',
    protocolVersion: version,
    nodeId: key.address,
    signature: await key.signMessage(helloMessage(session.nonce, key.address, key.address)),
    payout: { address: key.address, signature: await key.signMessage(payoutBindingMessage(key.address, key.address)) },
    capabilities: { gpus: [], backends: ['cpu'], gflops: 50, tasksPerSecond: {}, vramMB: 0, region: 'eu-west', maxConcurrent: 4 },
    client: { name: 't', version: '1' },
  });
  const assignments = () => frames.flatMap((m) => (m.type === 'tasks' ? m.assignments : []));
  const lastAck = () => frames.findLast((m) => m.type === 'ack' || m.type === 'error');
  const signedBatch = (results: ResultItem[], signer: Wallet | HDNodeWallet = key) => ({ type: 'submit', results, signature: signer.signMessageSync(submitMessage(results)) });
  return { key, frames, send, assignments, lastAck, signedBatch, closed: () => closed };
}

const answerOf = (a: Assignment): ResultItem => ({ leaseId: a.leaseId, taskId: a.taskId, output: softmax(a.input), durationMs: 1, backend: 'cpu' });

describe('protocol', () => {
  test('a hello in a protocol version this coordinator does not speak gets unsupported-version, and the node is not registered', async () => {
    const { coordinator } = await network();
    const node = await protocolNode(coordinator, Wallet.createRandom(), PROTOCOL_VERSION + 1);
    expect(node.frames.at(-1)).toMatchObject({ type: 'error', code: 'unsupported-version', fatal: true, message: expect.stringContaining(`use ${PROTOCOL_VERSION}`) });
    expect(node.closed()).not.toBeNull();
    expect(coordinator.stats().liveNodes).toBe(0);
  });

  test('a batch signed by another key gets bad-signature and stores nothing; the genuine batch is then accepted, and a replay of it is a duplicate', async () => {
    const { coordinator, db } = await network({ canaries: [] });
    const node = await protocolNode(coordinator);
    const [taskId] = await coordinator.submitTasks([{ model: 'classifier', input: input(1) }]);
    await node.send({ type: 'lease', requestId: 'r1', slots: 1 });
    await until(() => node.assignments().length === 1);
    const [assignment] = node.assignments();
    const genuine = node.signedBatch([answerOf(assignment!)]);

    await node.send(node.signedBatch([{ ...answerOf(assignment!), output: wrong(softmax(assignment!.input)) }], Wallet.createRandom()));
    expect(node.lastAck()).toMatchObject({ type: 'error', code: 'bad-signature' });
    // The same results with the signature of the genuine batch: the signature covers the outputs.
    await node.send({ ...genuine, results: [{ ...answerOf(assignment!), output: wrong(softmax(assignment!.input)) }] });
    expect(node.lastAck()).toMatchObject({ type: 'error', code: 'bad-signature' });
    expect(await db.query('select lease_id from results')).toEqual([]);

    await node.send(genuine);
    expect(node.lastAck()).toEqual({ type: 'ack', items: [{ leaseId: assignment!.leaseId, status: 'accepted' }] });
    await node.send(genuine);
    expect(node.lastAck()).toEqual({ type: 'ack', items: [{ leaseId: assignment!.leaseId, status: 'duplicate' }] });
    expect(await db.query('select lease_id from results')).toEqual([{ lease_id: assignment!.leaseId }]);
    expect(await coordinator.taskStatus(taskId!)).toMatchObject({ status: 'running', attempts: 0 });
  });

  test("a batch replayed after its task completed is a duplicate (the node's first ack was lost), and another node replaying it gets bad-signature", async () => {
    const { coordinator, db } = await network({ canaries: [] });
    const nodes = [await protocolNode(coordinator), await protocolNode(coordinator)];
    const [taskId] = await coordinator.submitTasks([{ model: 'classifier', input: input(2) }]);
    for (const node of nodes) await node.send({ type: 'lease', requestId: 'r1', slots: 1 });
    await until(() => nodes.every((n) => n.assignments().length === 1));
    const batches = nodes.map((n) => n.signedBatch([answerOf(n.assignments()[0]!)]));
    for (const [i, node] of nodes.entries()) await node.send(batches[i]!);
    // Completed, and forgotten by the coordinator's memory once durable.
    await until(() => coordinator.stats().openTasks === 0);
    expect(await coordinator.taskStatus(taskId!)).toMatchObject({ status: 'completed' });

    await nodes[0]!.send(batches[0]!);
    expect(nodes[0]!.lastAck()).toEqual({ type: 'ack', items: [{ leaseId: nodes[0]!.assignments()[0]!.leaseId, status: 'duplicate' }] });
    await nodes[1]!.send(batches[0]!);
    expect(nodes[1]!.lastAck()).toMatchObject({ type: 'error', code: 'bad-signature' });
    expect(await db.query<{ n: number }>('select count(*)::int as n from results')).toEqual([{ n: 2 }]);
  });
});

/** A node registered without the handshake's signatures, collecting what it is assigned. */
function manualNode(coordinator: Coordinator, id: string, payout = id) {
  const assignments: Assignment[] = [];
  let closed: string | null = null;
  const link = { send: (m: CoordinatorMessage) => m.type === 'tasks' && assignments.push(...m.assignments), close: (r: string) => (closed = r) };
  const caps = { gpus: [], backends: ['cpu' as const], gflops: 50, tasksPerSecond: {}, vramMB: 0, region: 'eu-west', maxConcurrent: 4 };
  coordinator.register(coordinator.connect(link), link, { nodeId: id, payout, caps });
  return { id, assignments, closed: () => closed, ask: () => coordinator.requestLeases(id, `r${assignments.length}`, 4, undefined), heartbeat: () => coordinator.heartbeat(id, false) };
}

describe('failover', () => {
  const longLeases = { deadlines: { ...defaultDeadlinePolicy, minMs: 600_000 }, canaries: [] };

  test('a node whose heartbeats stop is swept, and its leased task goes to another node and completes (clock injected)', async () => {
    let now = Date.now();
    const { coordinator } = await network(longLeases, undefined, { now: () => now });
    const [a, b, c] = ['0x' + 'a'.repeat(40), '0x' + 'b'.repeat(40), '0x' + 'c'.repeat(40)].map((id) => manualNode(coordinator, id));
    const [taskId] = await coordinator.submitTasks([{ model: 'classifier', input: input(3) }]);
    a!.ask();
    b!.ask();
    await until(() => a!.assignments.length === 1 && b!.assignments.length === 1);

    now += 3 * coordinator.heartbeatIntervalMs + 1;
    b!.heartbeat();
    c!.heartbeat();
    await until(() => a!.closed() !== null);
    expect(a!.closed()).toBe('missed heartbeats');
    expect(coordinator.stats().liveNodes).toBe(2);
    expect(await coordinator.taskStatus(taskId!)).toMatchObject({ attempts: 1 });

    c!.ask();
    await until(() => c!.assignments.length === 1);
    expect(c!.assignments[0]!.taskId).toBe(taskId);
    for (const node of [b!, c!]) await coordinator.submit(node.id, [answerOf(node.assignments[0]!)]);
    expect(await coordinator.taskStatus(taskId!)).toMatchObject({ status: 'completed', attempts: 1, result: softmax(input(3)) });
    // A's late answer no longer counts.
    expect(await coordinator.submit(a!.id, [answerOf(a!.assignments[0]!)])).toEqual([{ leaseId: a!.assignments[0]!.leaseId, status: 'rejected', reason: 'unknown or expired lease' }]);
  });

  test('a task losing its lease maxAttempts times fails with the reason (clock injected)', async () => {
    let now = Date.now();
    const { coordinator } = await network({ ...longLeases, maxAttempts: 2 }, undefined, { now: () => now });
    const [taskId] = await coordinator.submitTasks([{ model: 'classifier', input: input(4) }]);
    const first = manualNode(coordinator, '0x' + 'd'.repeat(40));
    first.ask();
    await until(() => first.assignments.length === 1);
    const refused = coordinator.refuse(first.id, first.assignments[0]!.leaseId, 'bad-input: unsupported op');
    expect(refused).toBe('accepted');
    expect(await coordinator.taskStatus(taskId!)).toMatchObject({ status: 'queued', attempts: 1 });

    const second = manualNode(coordinator, '0x' + 'e'.repeat(40));
    second.ask();
    await until(() => second.assignments.length === 1);
    now += 3 * coordinator.heartbeatIntervalMs + 1;
    await until(() => second.closed() !== null);
    expect(await coordinator.taskStatus(taskId!)).toMatchObject({
      status: 'failed',
      attempts: 2,
      result: null,
      failure: 'gave up after 2 lost or refused attempts; last: node disconnected (missed heartbeats)',
    });
  });
});

describe('earnings over HTTP', () => {
  test('a node\'s earnings per epoch and per day are its own share, and its payout account sums the nodes paying to it', async () => {
    const epochMs = 3_600_000;
    let offset = 0;
    const genesis = Date.now() - 1_000;
    const { coordinator } = await network({ canaries: [], epochMs, genesis, emissionPerEpoch: 9_000n }, undefined, { now: () => Date.now() + offset });
    const app = createServer(coordinator, { apiKeys: [] });
    cleanups.push(() => app.close());
    const shared = '0x' + '5'.repeat(40);
    const nodes = [manualNode(coordinator, '0x' + 'a'.repeat(40), shared), manualNode(coordinator, '0x' + 'b'.repeat(40), shared), manualNode(coordinator, '0x' + 'c'.repeat(40))];
    const ids = await coordinator.submitTasks([0, 1].map((i) => ({ model: 'classifier', input: input(i) })));
    // Three new nodes weigh enough together, not two: each task goes to all three.
    const answered = new Set<string>();
    await until(async () => {
      for (const node of nodes) {
        const fresh = node.assignments.filter((a) => !answered.has(a.leaseId));
        fresh.forEach((a) => answered.add(a.leaseId));
        if (fresh.length) await coordinator.submit(node.id, fresh.map(answerOf));
        node.ask();
      }
      return (await Promise.all(ids.map((id) => coordinator.taskStatus(id)))).every((s) => s!.status === 'completed');
    });

    offset = epochMs;
    await coordinator.closeFinishedEpochs();
    const day = new Date(genesis + epochMs - 1).toISOString().slice(0, 10);
    const get = async (url: string) => (await app.inject(url)).json();
    const [a, b, c] = await Promise.all(nodes.map((n, i) => get(`/v1/nodes/${i === 2 ? n.id.toUpperCase().replace('0X', '0x') : n.id}/earnings`)));
    const share = BigInt(a.cumulative);
    expect(share).toBeGreaterThan(0n);
    expect(a).toEqual({
      nodeId: nodes[0]!.id,
      cumulative: String(share),
      epochs: [{ epoch: 0, startedAt: genesis, endedAt: genesis + epochMs, amount: String(share), credits: expect.any(Number), tasks: 2, rejected: 0, uptimePercent: 0, explanation: '2 tasks, 0 rejected, 0.0 % uptime' }],
      days: [{ day, amount: String(share), tasks: 2 }],
    });
    // Each did the same work, so each earns the same, whichever account it pays to; the shared account gets both of its nodes' shares.
    expect([b.cumulative, c.cumulative]).toEqual([String(share), String(share)]);
    expect(c.days).toEqual([{ day, amount: String(share), tasks: 2 }]);
    expect(await get(`/v1/accounts/${shared}/earnings`)).toMatchObject({ cumulative: String(2n * share), epochs: [{ epoch: 0, amount: String(2n * share), tasks: 4 }], days: [{ day, amount: String(2n * share), tasks: 4 }] });
    expect(await get(`/v1/nodes/0x${'9'.repeat(40)}/earnings`)).toEqual({ nodeId: `0x${'9'.repeat(40)}`, cumulative: '0', epochs: [], days: [] });
    const malformed = await app.inject('/v1/nodes/0xnope/earnings');
    expect([malformed.statusCode, malformed.json().message]).toEqual([400, 'bad node id']);
  });
});

describe('matching', () => {
  test('among more waiting nodes than one match scores, work still goes to the task\'s region and spreads (nodes registered without the handshake\'s signatures)', async () => {
    const { coordinator } = await network({ canaries: [] });
    const leasesOf = new Map<string, number>();
    const regionOf = new Map<string, string>();
    for (let i = 0; i < 3_000; i++) {
      const id = '0x' + i.toString(16).padStart(40, '0');
      const region = i % 2 ? 'ap-northeast' : 'eu-west';
      regionOf.set(id, region);
      const link = {
        send: (m: { type: string; assignments?: unknown[] }) => {
          if (m.type === 'tasks') leasesOf.set(id, (leasesOf.get(id) ?? 0) + m.assignments!.length);
        },
        close: () => undefined,
      };
      const caps = { gpus: [], backends: ['cpu' as const], gflops: 50, tasksPerSecond: {}, vramMB: 0, region, maxConcurrent: 8 };
      coordinator.register(coordinator.connect(link), link, { nodeId: id, payout: id, caps });
      coordinator.requestLeases(id, 'r1', 8, undefined);
    }
    await coordinator.submitTasks(Array.from({ length: 60 }, (_, i) => ({ model: 'classifier', input: input(i), region: 'eu-west' })));
    await until(() => [...leasesOf.values()].reduce((a, b) => a + b, 0) === 120);
    expect(new Set([...leasesOf.keys()].map((id) => regionOf.get(id)))).toEqual(new Set(['eu-west']));
    expect(Math.max(...leasesOf.values())).toBe(1);
  });
});

describe('probation', () => {
  test('results given on probation count once their nodes pass a canary, so a two-node network finishes its tasks (nodes registered without the handshake\'s signatures)', async () => {
    const { coordinator } = await network();
    const assignments = new Map<string, Assignment[]>();
    const ids = ['0x' + '1'.repeat(40), '0x' + '2'.repeat(40)];
    await coordinator.submitTasks([{ model: 'classifier', input: input(1) }]);
    for (const id of ids) {
      const link = { send: (m: CoordinatorMessage) => m.type === 'tasks' && assignments.set(id, [...(assignments.get(id) ?? []), ...m.assignments]), close: () => undefined };
      const caps = { gpus: [], backends: ['cpu' as const], gflops: 50, tasksPerSecond: {}, vramMB: 0, region: 'eu-west', maxConcurrent: 4 };
      coordinator.register(coordinator.connect(link), link, { nodeId: id, payout: id, caps });
      coordinator.requestLeases(id, 'r1', 4, undefined);
    }
    await until(() => ids.every((id) => assignments.get(id)?.length === 2));
    const answer = (id: string, which: 'task' | 'canary') => {
      const a = assignments.get(id)!.find((x) => canaries.some((c) => c.input === x.input) === (which === 'canary'))!;
      return coordinator.submit(id, [{ leaseId: a.leaseId, taskId: a.taskId, output: softmax(a.input), durationMs: 1 }]);
    };
    // Both answer the task first: two agreeing results of weight 0 are no quorum yet.
    for (const id of ids) await answer(id, 'task');
    expect(coordinator.stats()).toMatchObject({ completed: 0, openTasks: 1 });
    for (const id of ids) await answer(id, 'canary');
    expect(coordinator.stats()).toMatchObject({ completed: 1, failed: 0 });
  });
});

const isCanary = (t: Tensor) => canaries.some((c) => c.input.data.every((x, i) => x === t.data[i]));

async function runNetwork(opts: { honest: number; liars: number; tasks: number; dropFraction?: number; collude?: boolean; passCanaries?: boolean }) {
  const { coordinator, store } = await network();
  const nodes = [
    ...Array.from({ length: opts.honest }, () => new SimNode(coordinator, { region: 'eu-west', slots: 4, compute: softmax, batch: 4 })),
    ...Array.from({ length: opts.liars }, (_, i) => {
      const lie = opts.collude || i % 2 ? (t: Tensor) => wrong(softmax(t)) : (t: Tensor) => ({ ...softmax(t), data: softmax(t).data.map(() => Math.random()) });
      // A liar that knows the canaries answers them right and lies only on real work.
      const compute = opts.passCanaries ? (t: Tensor) => (isCanary(t) ? softmax(t) : lie(t)) : lie;
      return new SimNode(coordinator, { region: 'us-east', slots: 4, compute, batch: 4 });
    }),
  ];
  for (const n of nodes) n.connect();
  await until(() => nodes.every((n) => n.welcomed));
  const ids = await coordinator.submitTasks(Array.from({ length: opts.tasks }, (_, i) => ({ model: 'classifier', input: input(i) })));
  if (opts.dropFraction) {
    // Drop nodes while their leases are in flight; the coordinator must re-queue their work.
    await until(() => coordinator.stats().completed > opts.tasks / 10);
    nodes.slice(0, Math.round(nodes.length * opts.dropFraction)).forEach((n) => n.drop());
  }
  await until(() => coordinator.stats().completed + coordinator.stats().failed === opts.tasks, 60_000);
  const statuses = await Promise.all(ids.map((id) => coordinator.taskStatus(id)));
  return { coordinator, store, statuses, ids, liars: nodes.slice(opts.honest) };
}

/**
 * What verification promises with liars about: every accepted result is the right one. When
 * liars take enough of a task's votes that no group reaches the quorum weight within maxResults,
 * the task fails with that reason instead of taking their answer; which tasks they land on depends
 * on timing, so a loaded machine sees a few such failures, never a silent loss.
 */
function expectNoWrongResult(statuses: Awaited<ReturnType<typeof runNetwork>>['statuses']) {
  const wrongAccepted = statuses.filter((s, i) => s!.result && !outputsAgree(s!.result, softmax(input(i)), model.tolerance));
  expect(wrongAccepted).toEqual([]);
  const notCompleted = statuses.filter((s) => s!.status !== 'completed');
  for (const status of notCompleted) expect(status).toMatchObject({ status: 'failed', failure: expect.stringMatching(/^no agreement among \d+ results|not confirmed by an established node/) });
  expect(notCompleted.length).toBeLessThanOrEqual(statuses.length * 0.02);
}

describe('simulations', () => {
  test('with 20 % of nodes lying (some colluding on one wrong answer) no wrong result is accepted', async () => {
    const { statuses } = await runNetwork({ honest: 16, liars: 4, tasks: 400 });
    expectNoWrongResult(statuses);
  }, 60_000);

  test('when every liar gives the same wrong answer, pairs of liars still cannot form a quorum', async () => {
    const { statuses } = await runNetwork({ honest: 16, liars: 4, tasks: 200, collude: true });
    expectNoWrongResult(statuses);
  }, 60_000);

  test('with 20 % of nodes lying only on real tasks and answering every canary right (two colluding on one wrong answer), no wrong result is accepted', async () => {
    const { statuses } = await runNetwork({ honest: 16, liars: 4, tasks: 400, passCanaries: true });
    expectNoWrongResult(statuses);
  }, 60_000);

  // The strongest liars here: every one gives the same wrong answer, recognises the canaries and
  // answers them right, and lies on every real task. While all nodes are new, three of them on
  // one task weigh as much as three honest nodes; their answer must stay provisional until a node
  // with a record of agreement confirms it, which the many votes they lose keep them from having.
  test('with 20 % of nodes all colluding on one wrong answer, passing every canary and lying on every real task, no wrong result is accepted', async () => {
    const { statuses, coordinator, liars } = await runNetwork({ honest: 16, liars: 4, tasks: 400, collude: true, passCanaries: true });
    expectNoWrongResult(statuses);
    // Passing every canary bought them nothing: each ends weighing less than a newcomer.
    for (const liar of liars) expect(coordinator.reputation(liar.wallet.address)!.reputation.score).toBeLessThan(0.5);
  }, 60_000);

  test('with 10 % of nodes dropping out mid-task at least 99.9 % of tasks complete', async () => {
    const { statuses, coordinator } = await runNetwork({ honest: 40, liars: 0, tasks: 1_000, dropFraction: 0.1 });
    const completed = statuses.filter((s) => s!.status === 'completed').length;
    expect(completed / 1_000).toBeGreaterThanOrEqual(0.999);
    // A canary granted just before the last task settled may still be out; it must come back, not leak.
    await until(() => coordinator.stats().leases === 0, 5_000);
  }, 60_000);
});

describe('durability', () => {
  test('abandoning the coordinator mid-run loses no acknowledged result, and a new one finishes the work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plexai-coord-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    let db: SqlDatabase | null = await openPglite(dir);
    let store = new Store(db);
    await store.migrate();
    const first = new Coordinator(defaultConfig({ models: [model], canaries: [], leaseHoldMs: 50 }), store, null);
    await first.start();
    const nodes = Array.from({ length: 6 }, () => new SimNode(first, { region: 'eu-west', slots: 2, compute: softmax, batch: 2 }));
    nodes.forEach((n) => n.connect());
    await until(() => nodes.every((n) => n.welcomed));
    const ids = await first.submitTasks(Array.from({ length: 300 }, (_, i) => ({ model: 'classifier', input: input(i) })));
    await until(() => nodes.reduce((s, n) => s + n.acks.size, 0) >= 150);
    // The "kill": timers and queued writes dropped on the floor, no orderly flush.
    nodes.forEach((n) => n.drop());
    first.dispose();
    const acked = nodes.flatMap((n) => [...n.acks].filter(([, status]) => status !== 'rejected').map(([leaseId]) => leaseId));
    await db.close();

    db = await openPglite(dir);
    cleanups.push(() => db!.close());
    store = new Store(db);
    const stored = new Set((await db.query<{ lease_id: string }>('select lease_id from results')).map((r) => r.lease_id));
    expect(acked.filter((leaseId) => !stored.has(leaseId))).toEqual([]);

    const second = new Coordinator(defaultConfig({ models: [model], canaries: [], leaseHoldMs: 50 }), store, null);
    cleanups.push(() => second.dispose());
    await second.start();
    const fresh = Array.from({ length: 4 }, () => new SimNode(second, { region: 'eu-west', slots: 2, compute: softmax, batch: 2 }));
    fresh.forEach((n) => n.connect());
    await until(async () => (await Promise.all(ids.map((id) => second.taskStatus(id)))).every((s) => s!.status === 'completed'), 30_000);
  }, 60_000);

  test('a result for a lease granted just before a kill, before the write-behind stored it, is still accepted after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plexai-coord-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // A slow write-behind widens the window a crash can hit to 200 ms.
    const config = defaultConfig({ models: [model], canaries: [], leaseHoldMs: 50, flushIntervalMs: 200 });
    let db = await openPglite(dir);
    await new Store(db).migrate();
    const first = new Coordinator(config, new Store(db), null);
    await first.start();
    // The task is in the store before any node asks, so the leases are all that is in flight.
    const [id] = await first.submitTasks([{ model: 'classifier', input: input(0) }]);
    const nodes = [0, 1].map(() => new SimNode(first, { region: 'eu-west', slots: 1, compute: softmax, hold: true }));
    nodes.forEach((n) => n.connect());
    // Killed the moment both nodes hold a computed result, with no flush after.
    await until(() => nodes.every((n) => n.held === 1), 5_000);
    first.dispose();
    await db.close();

    db = await openPglite(dir);
    cleanups.push(() => db.close());
    expect(await db.query('select id from leases')).toEqual([]);
    const second = new Coordinator(config, new Store(db), null);
    cleanups.push(() => second.stop());
    await second.start();
    nodes.forEach((n) => n.reconnect(second));
    await until(() => nodes.every((n) => n.welcomed));
    nodes.forEach((n) => n.release());
    const granted = nodes.map((n) => n.received.flatMap((m) => (m.type === 'tasks' ? m.assignments.map((a) => a.leaseId) : []))[0]!);
    await until(() => nodes.every((n, i) => n.acks.has(granted[i]!)));
    expect(nodes.map((n, i) => n.acks.get(granted[i]!))).toEqual(['accepted', 'accepted']);
    await until(async () => (await second.taskStatus(id!))!.status === 'completed');
    expect(await second.taskStatus(id!)).toMatchObject({ status: 'completed', attempts: 0 });
  }, 30_000);

  test.for([
    ['a kill', 'within its deadline is accepted and counted', 0],
    ['an orderly stop', 'within its deadline is accepted and counted', 0],
    ['a kill', 'after its deadline is rejected, and the task goes back to the queue', 3_600_000],
  ] as const)('a result for a lease granted before %s and a restart, brought back %s', { timeout: 60_000 }, async ([how, , lateByMs]) => {
    const dir = mkdtempSync(join(tmpdir(), 'plexai-coord-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const config = defaultConfig({ models: [model], canaries: [], leaseHoldMs: 50, deadlines: { ...defaultDeadlinePolicy, minMs: 60_000 } });
    let db = await openPglite(dir);
    await new Store(db).migrate();
    const first = new Coordinator(config, new Store(db), null);
    await first.start();
    const nodes = [0, 1].map(() => new SimNode(first, { region: 'eu-west', slots: 2, compute: softmax, hold: true }));
    nodes.forEach((n) => n.connect());
    const ids = await first.submitTasks([0, 1].map((i) => ({ model: 'classifier', input: input(i) })));
    const leaseCount = async () => Number((await db.query<{ n: number }>('select count(*)::int as n from leases'))[0]!.n);
    await until(async () => nodes.every((n) => n.held === 2) && (await leaseCount()) === 4);
    const granted = nodes.flatMap((n) => n.received.flatMap((m) => (m.type === 'tasks' ? m.assignments.map((a) => a.leaseId) : [])));
    if (how === 'a kill') first.dispose();
    else await first.stop();
    await db.close();

    db = await openPglite(dir);
    cleanups.push(() => db.close());
    const second = new Coordinator(config, new Store(db), null, { now: () => Date.now() + lateByMs });
    cleanups.push(() => second.stop());
    await second.start();
    nodes.forEach((n) => n.reconnect(second));
    await until(() => nodes.every((n) => n.welcomed));
    nodes.forEach((n) => n.release());
    await until(async () => (await Promise.all(ids.map((id) => second.taskStatus(id)))).every((s) => s!.status === 'completed'));
    const answers = granted.map((leaseId) => nodes.find((n) => n.acks.has(leaseId))?.acks.get(leaseId));
    const statuses = await Promise.all(ids.map((id) => second.taskStatus(id)));
    await until(async () => (await leaseCount()) === 0);
    if (lateByMs) {
      expect(answers).toEqual(granted.map(() => 'rejected'));
      // Both leases of each task were lost to the deadline and granted again.
      expect(statuses.map((s) => s!.attempts)).toEqual([2, 2]);
    } else {
      expect(answers).toEqual(granted.map(() => 'accepted'));
      expect(statuses.map((s) => s!.attempts)).toEqual([0, 0]);
      const verdicts = await db.query<{ verdict: string }>('select verdict from results where lease_id = any($1::text[])', [granted]);
      expect(verdicts.map((v) => v.verdict)).toEqual(granted.map(() => 'valid'));
    }
  });
});
