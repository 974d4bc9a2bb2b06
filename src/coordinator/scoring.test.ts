import { describe, expect, test } from 'vitest';
import { defaultDeadlinePolicy, leaseDeadline, regionAffinity, scoreNode, type NodeView } from './scoring';

const now = 1_000_000;
const base: NodeView = { vramMB: 8192, gflops: 100, tasksPerSecond: 20, activeLeases: 0, maxConcurrent: 4, reputation: 0.8, lastHeartbeatAt: now };
const need = { vramMB: 2048, flops: 1e8 };
const score = (patch: Partial<NodeView>, affinity = 1) => scoreNode({ ...base, ...patch }, need, affinity, now, 5_000);

describe('scoreNode', () => {
  test.for([
    ['too little VRAM', { vramMB: 1024 }],
    ['no free slot', { activeLeases: 4 }],
  ] as const)('%s rules the node out', ([, patch]) => {
    expect(score(patch)).toBe(-1);
  });

  test.for([
    ['faster', { tasksPerSecond: 80 }, {}],
    ['less loaded', { activeLeases: 0 }, { activeLeases: 3 }],
    ['more reputable', { reputation: 0.9 }, { reputation: 0.3 }],
    ['fresher heartbeat', { lastHeartbeatAt: now - 1_000 }, { lastHeartbeatAt: now - 12_000 }],
  ] as const)('the %s node scores higher', ([, better, worse]) => {
    expect(score(better)).toBeGreaterThan(score(worse));
  });

  test('a nearer region scores higher', () => {
    expect(score({}, regionAffinity('eu-west', 'eu-central'))).toBeGreaterThan(score({}, regionAffinity('eu-west', 'ap-east')));
  });

  test('scores stay within [0, 1]', () => {
    expect(score({ tasksPerSecond: 1e6, reputation: 1 })).toBeLessThanOrEqual(1);
    expect(score({ tasksPerSecond: 0, gflops: 0, reputation: 0, activeLeases: 3, lastHeartbeatAt: 0 }, 0)).toBeGreaterThanOrEqual(0);
  });
});

describe('regionAffinity', () => {
  test.for([
    [null, 'eu-west', 1],
    ['eu-west', 'eu-west', 1],
    ['eu-west', 'atlantis', 0.5],
  ] as const)('%s → %s is %s', ([task, node, expected]) => {
    expect(regionAffinity(task, node)).toBe(expected);
  });

  test('falls with distance', () => {
    const near = regionAffinity('us-east', 'us-central');
    const far = regionAffinity('us-east', 'ap-southeast');
    expect(near).toBeGreaterThan(0.9);
    expect(far).toBeLessThan(0.3);
  });
});

describe('leaseDeadline', () => {
  test.for([
    ['a tiny task gets the floor', 1e3, { gflops: 100, tasksPerSecond: 0 }, defaultDeadlinePolicy.minMs],
    ['a big task on a slow node is scaled', 1e12, { gflops: 100, tasksPerSecond: 0 }, 2_000 + 4 * 10_000],
    ['the measured rate counts when slower', 1e3, { gflops: 100, tasksPerSecond: 0.1 }, 2_000 + 4 * 10_000],
    ['a huge task hits the ceiling', 1e16, { gflops: 1, tasksPerSecond: 0 }, defaultDeadlinePolicy.maxMs],
  ] as const)('%s', ([, flops, node, span]) => {
    expect(leaseDeadline(now, flops, node) - now).toBe(span);
  });
});
