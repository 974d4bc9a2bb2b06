import { Wallet } from 'ethers';
import { describe, expect, test } from 'vitest';
import {
  CoordinatorMessageSchema,
  NodeMessageSchema,
  TensorSchema,
  helloMessage,
  payoutBindingMessage,
  recoverSigner,
  submitMessage,
  type ResultItem,
} from './protocol';

const node = new Wallet('0x' + '11'.repeat(32));
const payout = new Wallet('0x' + '22'.repeat(32));

describe('tensors', () => {
  test.for([
    [{ dtype: 'float32', shape: [2, 2], data: [1, 2, 3, 4] }, true],
    [{ dtype: 'float32', shape: [2, 2], data: [1, 2, 3] }, false],
    [{ dtype: 'int32', shape: [2], data: [1, 2.5] }, false],
    [{ dtype: 'float64', shape: [1], data: [1] }, false],
    [{ dtype: 'float32', shape: [], data: [] }, false],
    [{ dtype: 'float32', shape: [1], data: [null] }, false],
  ] as const)('%j valid: %s', ([tensor, valid]) => {
    expect(TensorSchema.safeParse(tensor).success).toBe(valid);
  });
});

describe('messages', () => {
  test('an unknown type and a missing field are both refused', () => {
    expect(NodeMessageSchema.safeParse({ type: 'steal' }).success).toBe(false);
    expect(NodeMessageSchema.safeParse({ type: 'lease', requestId: 'r1' }).success).toBe(false);
    expect(NodeMessageSchema.safeParse({ type: 'lease', requestId: 'r1', slots: 4 }).success).toBe(true);
    expect(CoordinatorMessageSchema.safeParse({ type: 'cancel', leaseId: 'l1', reason: 'expired' }).success).toBe(true);
  });
});

describe('signatures', () => {
  test('hello and payout binding recover to their signers', async () => {
    const nonce = '0x' + 'ab'.repeat(32);
    const hello = await node.signMessage(helloMessage(nonce, node.address, payout.address));
    const binding = await payout.signMessage(payoutBindingMessage(node.address, payout.address));
    expect(recoverSigner(helloMessage(nonce, node.address, payout.address), hello)).toBe(node.address);
    expect(recoverSigner(payoutBindingMessage(node.address, payout.address), binding)).toBe(payout.address);
    // Another nonce (a replay on a new connection) recovers to someone else.
    expect(recoverSigner(helloMessage('0x' + 'cd'.repeat(32), node.address, payout.address), hello)).not.toBe(node.address);
  });

  test('a batch signature commits to every output value', async () => {
    const results: ResultItem[] = [
      { leaseId: 'l1', taskId: 't1', output: { dtype: 'float32', shape: [2], data: [0.25, 0.75] }, durationMs: 3, backend: 'wasm' },
      { leaseId: 'l2', taskId: 't2', output: { dtype: 'float32', shape: [2], data: [0.5, 0.5] }, durationMs: 3, backend: 'wasm' },
    ];
    const signature = await node.signMessage(submitMessage(results));
    expect(recoverSigner(submitMessage(results), signature)).toBe(node.address);
    const forged = results.map((r, i) => (i === 1 ? { ...r, output: { ...r.output, data: [0.5, 0.50001] } } : r));
    expect(recoverSigner(submitMessage(forged), signature)).not.toBe(node.address);
    expect(recoverSigner(submitMessage(results), '0x' + '00'.repeat(65))).toBeNull();
  });
});
