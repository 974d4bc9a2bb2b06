import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { describe, expect, test } from 'vitest';
import { allocateEpoch, buildEpochTree, cumulativeByAccount, epochAt, explainAllocation, type NodeEpochStats } from './epochs';

const A = '0x00000000000000000000000000000000000000aa';
const B = '0x00000000000000000000000000000000000000bb';
const hour = 3_600_000;
const split = { emission: 1_000n * 10n ** 18n, uptimeShareBps: 1_000, epochMs: 6 * hour };
const stats = (patch: Partial<NodeEpochStats>): NodeEpochStats => ({ nodeId: 'n', account: A, credits: 0, tasks: 0, rejected: 0, uptimeMs: 0, ...patch });

describe('allocateEpoch', () => {
  test.for([
    ['one worker takes everything', [stats({ credits: 10, tasks: 1, uptimeMs: hour })], [split.emission]],
    [
      'credits split 3:1, uptime split equally',
      [stats({ nodeId: 'a', credits: 30, tasks: 3, uptimeMs: hour }), stats({ nodeId: 'b', credits: 10, tasks: 1, uptimeMs: hour })],
      [725n * 10n ** 18n, 275n * 10n ** 18n],
    ],
    [
      'online without work earns nothing',
      [stats({ nodeId: 'a', credits: 10, tasks: 1, uptimeMs: hour }), stats({ nodeId: 'idle', uptimeMs: 6 * hour })],
      [split.emission, 0n],
    ],
    ['nobody worked: nothing paid', [stats({ uptimeMs: hour })], [0n]],
  ] as const)('%s', ([, input, amounts]) => {
    expect(allocateEpoch(input, split).map((a) => a.amount)).toEqual(amounts);
  });

  test('never pays more than the emission, and leaves at most dust', () => {
    const many = Array.from({ length: 97 }, (_, i) => stats({ nodeId: `n${i}`, credits: 1 + ((i * 7919) % 101) / 3, tasks: 1, uptimeMs: (i * 104729) % hour }));
    const paid = allocateEpoch(many, split).reduce((sum, a) => sum + a.amount, 0n);
    expect(paid).toBeLessThanOrEqual(split.emission);
    expect(split.emission - paid).toBeLessThan(split.emission / 10_000n);
  });

  test('explains each amount in words', () => {
    const [a] = allocateEpoch([stats({ credits: 1, tasks: 12_400, rejected: 2, uptimeMs: 0.992 * 6 * hour })], split);
    expect(a!.explanation).toBe('12,400 tasks, 2 rejected, 99.2 % uptime');
    expect(explainAllocation(1, 0, 100)).toBe('1 task, 0 rejected, 100.0 % uptime');
  });
});

describe('cumulative tree', () => {
  test('accounts accumulate across epochs and nodes, and every proof verifies', () => {
    const first = cumulativeByAccount(new Map(), [
      { ...stats({ nodeId: 'a1', account: A }), amount: 5n, uptimePercent: 0, explanation: '' },
      { ...stats({ nodeId: 'a2', account: A.toUpperCase().replace('0X', '0x') }), amount: 7n, uptimePercent: 0, explanation: '' },
    ]);
    const second = cumulativeByAccount(first, [{ ...stats({ nodeId: 'b', account: B }), amount: 3n, uptimePercent: 0, explanation: '' }]);
    expect([...second]).toEqual([
      [A, 12n],
      [B, 3n],
    ]);
    const tree = buildEpochTree(second)!;
    expect(tree.total).toBe(15n);
    for (const account of [A, B]) {
      const { cumulative, proof } = tree.proof(account)!;
      expect(StandardMerkleTree.verify(tree.root, ['address', 'uint256'], [account, cumulative.toString()], proof)).toBe(true);
    }
    expect(tree.proof('0x00000000000000000000000000000000000000cc')).toBeNull();
  });

  test('no earnings, no tree', () => {
    expect(buildEpochTree(new Map([[A, 0n]]))).toBeNull();
  });
});

test.for([
  [0, 0],
  [hour * 6 - 1, 0],
  [hour * 6, 1],
  [-5, 0],
] as const)('epochAt(%s) = %s', ([t, epoch]) => {
  expect(epochAt(t, 0, 6 * hour)).toBe(epoch);
});
