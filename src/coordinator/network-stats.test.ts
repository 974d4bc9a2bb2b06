import { afterEach, describe, expect, test } from 'vitest';
import type { Capabilities } from '../common/protocol';
import { defaultConfig } from './config';
import { Coordinator } from './coordinator';
import { DAY_MS, changePercent } from './network-stats';
import { openPglite } from './sql';
import { Store } from './store';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('changePercent', () => {
  test.for([
    { current: 150, previous: 100, expected: 50 },
    { current: 75, previous: 100, expected: -25 },
    { current: 100, previous: 100, expected: 0 },
    { current: 5, previous: 0, expected: null },
    { current: 5, previous: null, expected: null },
  ])('$previous → $current is $expected %', ({ current, previous, expected }) => {
    expect(changePercent(current, previous)).toBe(expected);
  });
});

describe('GET /v1/stats figures over a day (clock injected; nodes registered without the handshake\'s signatures)', () => {
  const sampleMs = 5 * 60_000;

  async function network() {
    const db = await openPglite(undefined);
    const store = new Store(db);
    await store.migrate();
    let now = Date.parse('2026-03-01T00:00:00Z');
    const clock = { now: () => now };
    const coordinator = new Coordinator(defaultConfig({ networkSampleMs: sampleMs, genesis: now }), store, null, clock);
    await coordinator.start();
    cleanups.push(() => db.close(), () => coordinator.stop());
    const join = (i: number, gflops: number) => {
      const id = '0x' + i.toString(16).padStart(40, '0');
      const link = { send: () => undefined, close: () => undefined };
      const caps: Capabilities = { gpus: [], backends: ['cpu'], gflops, tasksPerSecond: {}, vramMB: 0, region: 'eu-west', maxConcurrent: 1 };
      coordinator.register(coordinator.connect(link), link, { nodeId: id, payout: id, caps });
      return id;
    };
    return { coordinator, join, advance: (ms: number) => (now += ms), now: () => now };
  }

  test('active nodes and compute change against the sample taken a day before', async () => {
    const { coordinator, join, advance, now } = await network();
    const ids = [join(1, 100), join(2, 100), join(3, 200), join(4, 400)];
    // The figures are new: nothing to compare with yet, which is not a change of 0 %.
    expect(await coordinator.networkStats()).toMatchObject({ activeNodes: 4, computeGflops: 800, activeNodesChangePercent: null, computeGflopsChangePercent: null, comparedToSampleAt: null });
    const sampledAt = now();
    await coordinator.sampleNetwork();

    advance(DAY_MS - 60_000);
    for (const id of ids.slice(2)) coordinator.unregister(id, 'gone');
    join(5, 1000);
    // Not quite a day yet: the morning's sample is not the day before.
    expect((await coordinator.networkStats()).comparedToSampleAt).toBeNull();
    await coordinator.sampleNetwork();

    advance(60_000 + sampleMs);
    expect(await coordinator.networkStats()).toMatchObject({
      activeNodes: 3,
      computeGflops: 1200,
      activeNodesChangePercent: -25,
      computeGflopsChangePercent: 50,
      comparedToSampleAt: sampledAt,
    });

    // A day on, the second sample is the one a day before.
    advance(DAY_MS);
    const later = await coordinator.networkStats();
    expect(later.comparedToSampleAt).toBe(sampledAt + DAY_MS - 60_000);
    expect(later.activeNodesChangePercent).toBe(0);
  });

  test('a coordinator that took no sample a day before (it was down then) reports no change, not one against an older day', async () => {
    const { coordinator, join, advance } = await network();
    join(1, 100);
    await coordinator.sampleNetwork();
    advance(DAY_MS + 3 * sampleMs);
    expect(await coordinator.networkStats()).toMatchObject({ activeNodes: 1, activeNodesChangePercent: null, computeGflopsChangePercent: null, comparedToSampleAt: null });
  });
});
