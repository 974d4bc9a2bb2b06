import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { SqlDatabase } from './sql';
import { Store, emptyBatch, type TaskRecord } from './store';
import { testDatabases } from './test-databases';

const task = (id: string, createdAt: number): TaskRecord => ({
  id,
  model: 'mlp',
  input: { dtype: 'float32', shape: [2], data: [1, 2] },
  region: null,
  flops: 1000,
  status: 'queued',
  attempts: 0,
  result: null,
  failure: null,
  createdAt,
  completedAt: null,
});

describe.each(testDatabases)('store on $name', ({ open }) => {
  let db: SqlDatabase;
  let store: Store;
  // One database per backend (PGlite takes about a second to start), emptied before each test.
  beforeAll(async () => {
    db = await open();
    store = new Store(db);
    await store.migrate();
  });
  beforeEach(async () => {
    await db.query('truncate tasks, results, nodes, node_uptime, epochs, allocations, account_totals, leases');
  });
  afterAll(async () => {
    await db.close();
  });

  test('migrating twice is harmless', async () => {
    await store.migrate();
    expect(await db.query('select version from schema_migrations')).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);
  });

  test('a batch lands whole, results included, and a replayed result is ignored', async () => {
    const batch = emptyBatch();
    batch.tasks.push(task('t1', 1), task('t2', 2));
    batch.results.push({ leaseId: 'l1', taskId: 't1', nodeId: 'n1', output: { dtype: 'float32', shape: [1], data: [0.5] }, durationMs: 3, receivedAt: 10, epoch: 0, verdict: 'pending', credits: 0 });
    batch.nodes.push({ id: 'n1', payout: '0xabc', region: 'eu-west', reputation: { score: 0.5, streak: 0, canaryPasses: 1 }, firstSeen: 1, lastSeen: 2 });
    await store.write(batch, 'c1', 100);
    const again = emptyBatch();
    again.results.push({ ...batch.results[0]!, nodeId: 'forger' });
    again.verdicts.push({ leaseId: 'l1', verdict: 'valid', credits: 1000 });
    again.taskUpdates.push({ id: 't1', status: 'completed', attempts: 2, result: { dtype: 'float32', shape: [1], data: [0.5] }, failure: null, completedAt: 20 });
    again.uptime.push({ nodeId: 'n1', epoch: 0, ms: 500 }, { nodeId: 'n1', epoch: 0, ms: 250 });
    await store.write(again, 'c1', 100);

    expect(await store.task('t1')).toMatchObject({ status: 'completed', attempts: 2, completedAt: 20, result: { data: [0.5] } });
    expect(await store.results('t1')).toMatchObject([{ leaseId: 'l1', nodeId: 'n1', verdict: 'valid', credits: 1000 }]);
    expect(await store.epochStats(0)).toEqual([{ nodeId: 'n1', account: '0xabc', credits: 1000, tasks: 1, rejected: 0, uptimeMs: 750 }]);
    expect((await store.nodes())[0]!.reputation).toEqual({ score: 0.5, streak: 0, canaryPasses: 1 });
  });

  test('a failing batch leaves nothing behind', async () => {
    const batch = emptyBatch();
    batch.tasks.push(task('t1', 1));
    batch.nodes.push({ id: 'n1', payout: null as unknown as string, region: 'x', reputation: { score: 0.5, streak: 0, canaryPasses: 0 }, firstSeen: 1, lastSeen: 1 });
    await expect(store.write(batch, 'c1', 100)).rejects.toThrow();
    expect(await store.task('t1')).toBeNull();
  });

  test('claims skip tasks another live coordinator holds and take over lapsed ones', async () => {
    const mine = emptyBatch();
    mine.tasks.push(task('a', 1), task('b', 2));
    await store.write(mine, 'c1', 1_000);
    const theirs = emptyBatch();
    theirs.tasks.push(task('c', 3));
    await store.write(theirs, 'c2', 5_000);

    expect((await store.claimTasks('c3', 500, 9_000, 10)).tasks.map((t) => t.id)).toEqual([]);
    expect((await store.claimTasks('c3', 2_000, 9_000, 10)).tasks.map((t) => t.id)).toEqual(['a', 'b']);
    expect((await store.claimTasks('c1', 2_000, 9_000, 10)).tasks.map((t) => t.id)).toEqual([]);
    await store.renewOwnership('c2', 20_000);
    expect((await store.claimTasks('c1', 10_000, 30_000, 10)).tasks.map((t) => t.id)).toEqual(['a', 'b']);
  });

  test('counts completed tasks per 24 hours', async () => {
    const day = 86_400_000;
    const batch = emptyBatch();
    batch.tasks.push(task('old', 0), task('new', 0), task('newer', 0), task('open', 0));
    await store.write(batch, 'c1', 1);
    const done = emptyBatch();
    done.taskUpdates.push(
      { id: 'old', status: 'completed', attempts: 2, result: null, failure: null, completedAt: 2 * day - 5 },
      { id: 'new', status: 'completed', attempts: 2, result: null, failure: null, completedAt: 2 * day + 5 },
      { id: 'newer', status: 'completed', attempts: 2, result: null, failure: null, completedAt: 3 * day - 1 },
    );
    await store.write(done, 'c1', 1);
    expect(await store.completedCounts(3 * day)).toEqual({ last24h: 2, previous24h: 1 });
  });

  test('genesis is fixed by the first start: later starts get it, and asking for another is an error', async () => {
    await db.query('delete from network');
    expect(await store.pinGenesis(null, 5_000)).toBe(5_000);
    expect(await store.pinGenesis(null, 9_000)).toBe(5_000);
    expect(await store.pinGenesis(5_000, 9_000)).toBe(5_000);
    await expect(store.pinGenesis(7_000, 9_000)).rejects.toThrow(/network began at 1970-01-01T00:00:05.000Z .*--genesis 1970-01-01T00:00:07.000Z .*would renumber its epochs/);
  });

  test('a store that held work before genesis was a setting keeps counting epochs from the Unix epoch', async () => {
    await db.query('drop table network');
    await db.query('delete from schema_migrations where version = 3');
    const batch = emptyBatch();
    batch.uptime.push({ nodeId: 'n1', epoch: 299_264_159, ms: 500 });
    await store.write(batch, 'c1', 1);
    await store.migrate();
    expect(await store.pinGenesis(null, Date.now())).toBe(0);
  });

  test('a lease granted and settled lands and leaves; the canaries one coordinator had out come back to it', async () => {
    const canary = { model: 'mlp', input: task('x', 0).input, expected: task('x', 0).input };
    const granted = emptyBatch();
    granted.tasks.push(task('t1', 1));
    granted.leases.push({ id: 'l1', taskId: 't1', nodeId: 'n1', deadline: 50, flops: 1000, canary: null }, { id: 'l2', taskId: 'c', nodeId: 'n1', deadline: 60, flops: 1000, canary });
    await store.write(granted, 'c1', 100);
    expect((await store.claimTasks('c1', 0, 100, 10)).leases).toEqual([granted.leases[0]]);
    expect(await store.canaryLeases('c1')).toEqual([granted.leases[1]]);
    expect(await store.canaryLeases('c2')).toEqual([]);
    const settled = emptyBatch();
    settled.settledLeases.push('l1', 'l2');
    await store.write(settled, 'c1', 100);
    expect((await store.claimTasks('c1', 0, 100, 10)).leases).toEqual([]);
    expect(await store.canaryLeases('c1')).toEqual([]);
  });

  test('epochs keep allocations, totals and the publication', async () => {
    await store.saveEpoch({
      epoch: 0,
      startedAt: 0,
      endedAt: 10,
      emission: 10n ** 24n,
      root: '0x' + '12'.repeat(32),
      cumulativeTotal: 10n ** 24n,
      allocations: [{ nodeId: 'n1', account: '0xABC', credits: 5, tasks: 5, rejected: 1, uptimeMs: 9, amount: 10n ** 24n, uptimePercent: 90, explanation: '5 tasks' }],
      accountTotals: new Map([['0xabc', 10n ** 24n]]),
    });
    await store.markPublished(0, '0xfeed');
    expect(await store.epochs()).toEqual([{ epoch: 0, startedAt: 0, endedAt: 10, root: '0x' + '12'.repeat(32), cumulativeTotal: 10n ** 24n, txHash: '0xfeed' }]);
    expect(await store.accountTotals(0)).toEqual(new Map([['0xabc', 10n ** 24n]]));
    expect(await store.allocationsOf({ account: '0xAbC' })).toMatchObject([{ epoch: 0, nodeId: 'n1', amount: 10n ** 24n, explanation: '5 tasks' }]);
    expect(await store.allocationsOf({ node: 'N1' })).toMatchObject([{ epoch: 0, nodeId: 'n1', account: '0xabc' }]);
    expect(await store.allocationsOf({ node: 'n2' })).toEqual([]);
  });
});
