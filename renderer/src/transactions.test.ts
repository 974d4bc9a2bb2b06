import { expect, test } from 'vitest';
import type { TransactionFeed, WalletTransaction } from '../../src/common/transactions';
import { signedAmount, transactionRows } from './transactions';

const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const entry = (n: number, kind: WalletTransaction['kind'], amount: string, extra: Partial<WalletTransaction> = {}): WalletTransaction => ({
  kind,
  hash: hash(n),
  blockNumber: 100 + n,
  logIndex: 0,
  at: 1_700_000_000 + n,
  amount,
  ...extra,
});
const feed = (chainId: number, entries: WalletTransaction[]): TransactionFeed => ({
  chainId,
  account: `0x${'1'.repeat(40)}`,
  entries,
  fromBlock: 0,
  toBlock: 200,
  complete: true,
});

test('amounts carry their direction; an unstake counts principal and reward', () => {
  expect(signedAmount(entry(1, 'stake', '10'))).toBe(-10n);
  expect(signedAmount(entry(1, 'transfer-out', '3'))).toBe(-3n);
  expect(signedAmount(entry(1, 'unstake', '90', { reward: '2', penalty: '10' }))).toBe(92n);
  expect(signedAmount(entry(1, 'staking-claim', '5'))).toBe(5n);
  expect(signedAmount(entry(1, 'transfer-in', '7'))).toBe(7n);
});

test.for([
  [56, `https://bscscan.com/tx/${hash(2)}`],
  [97, `https://testnet.bscscan.com/tx/${hash(2)}`],
  [31337, null],
] as const)('on chain %i a transaction links to %s', ([chainId, url]) => {
  const [row] = transactionRows(feed(chainId, [entry(2, 'mining-claim', '1')]), null, { status: 'idle' });
  expect(row).toMatchObject({ status: 'confirmed', url, amount: 1n, at: 1_700_000_002 });
});

test('a write waiting for the chain leads the list as pending until the feed has read it, and then appears once', () => {
  const sent = { id: 3, action: 'claim', step: 'confirming', txHash: hash(9), message: null } as const;
  const rows = transactionRows(feed(97, [entry(1, 'stake', '10')]), sent, { status: 'pending', amount: '4', hash: hash(8) });
  expect(rows.map((r) => [r.kind, r.status, r.amount])).toEqual([
    ['staking-claim', 'pending', null],
    ['mining-claim', 'pending', 4n],
    ['stake', 'confirmed', -10n],
  ]);
  expect(rows[0]!.url).toBe(`https://testnet.bscscan.com/tx/${hash(9)}`);

  const read = transactionRows(feed(97, [entry(9, 'staking-claim', '6'), entry(1, 'stake', '10')]), { ...sent, step: 'confirmed' }, { status: 'idle' });
  expect(read.map((r) => [r.kind, r.status])).toEqual([
    ['staking-claim', 'confirmed'],
    ['stake', 'confirmed'],
  ]);
});

test('a write reverted on chain shows as failed; an approval or a write refused before sending has no line', () => {
  const reverted = transactionRows(feed(56, []), { id: 1, action: 'unstake', step: 'failed', txHash: hash(5), message: 'refused' }, { status: 'idle' });
  expect(reverted.map((r) => [r.kind, r.status])).toEqual([['unstake', 'failed']]);
  expect(transactionRows(feed(56, []), { id: 2, action: 'stake', step: 'approving', txHash: hash(6), message: null }, { status: 'idle' })).toEqual([]);
  expect(transactionRows(feed(56, []), { id: 3, action: 'stake', step: 'failed', txHash: null, message: 'no' }, { status: 'failed', error: { name: 'X', message: 'y' } })).toEqual([]);
});
