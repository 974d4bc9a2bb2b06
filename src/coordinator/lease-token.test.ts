import { describe, expect, test } from 'vitest';
import { IdSchema } from '../common/protocol';
import { leaseKeyObject, leaseToken, newLeaseKey, verifyLeaseToken } from './lease-token';

const key = leaseKeyObject(newLeaseKey());
const claim = { taskId: '3f1c2a9e-0d7b-4c55-9a51-8a3e2b1c0d9f', nodeId: '0xAbC0000000000000000000000000000000000001', deadline: 1_764_000_000_123 };

describe('lease tokens', () => {
  test('a token is a valid protocol id and gives back its deadline for its own task and node', () => {
    const token = leaseToken(key, claim);
    expect(IdSchema.safeParse(token).success).toBe(true);
    expect(verifyLeaseToken(key, token, claim)).toBe(claim.deadline);
    // Addresses arrive in either case.
    expect(verifyLeaseToken(key, token, { ...claim, nodeId: claim.nodeId.toLowerCase() })).toBe(claim.deadline);
    expect(leaseToken(key, claim)).not.toBe(token);
  });

  test.for([
    ['another task', (t: string) => ({ token: t, taskId: 'other-task', nodeId: claim.nodeId })],
    ['another node', (t: string) => ({ token: t, taskId: claim.taskId, nodeId: '0x' + '2'.repeat(40) })],
    ['a later deadline written in', (t: string) => ({ token: t.replace(/\.[0-9a-z]+\./, `.${(claim.deadline + 3_600_000).toString(36)}.`), taskId: claim.taskId, nodeId: claim.nodeId })],
    ['a plain uuid', () => ({ token: claim.taskId, taskId: claim.taskId, nodeId: claim.nodeId })],
  ] as const)('a token for %s is refused', ([, forge]) => {
    const { token, ...rest } = forge(leaseToken(key, claim));
    expect(verifyLeaseToken(key, token, rest)).toBeNull();
  });

  test('a token made under another network\'s key is refused', () => {
    const token = leaseToken(leaseKeyObject(newLeaseKey()), claim);
    expect(verifyLeaseToken(key, token, claim)).toBeNull();
  });
});
