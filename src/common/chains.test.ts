import { expect, test } from 'vitest';
import { chainInfo, chainLabel, explorerAddressUrl, explorerTxUrl } from './chains';

const hash = `0x${'ab'.repeat(32)}`;
const address = `0x${'12'.repeat(20)}`;

test.for([
  [56, `https://bscscan.com/tx/${hash}`],
  [97, `https://testnet.bscscan.com/tx/${hash}`],
  [31337, null],
  [1, null],
] as const)('a transaction on chain %i links to %s', ([chainId, url]) => {
  expect(explorerTxUrl(chainId, hash)).toBe(url);
});

test('a malformed hash or address gets no link, so nothing but an explorer page can be opened', () => {
  expect(explorerTxUrl(56, '0x1234')).toBeNull();
  expect(explorerTxUrl(56, `${hash}/../../evil`)).toBeNull();
  expect(explorerAddressUrl(97, address)).toBe(`https://testnet.bscscan.com/address/${address}`);
  expect(explorerAddressUrl(97, 'javascript:alert(1)')).toBeNull();
});

test('each known chain names its native coin; an unknown chain is named by its id', () => {
  expect(chainInfo(56)?.nativeSymbol).toBe('BNB');
  expect(chainInfo(31337)).toMatchObject({ name: 'PlexAi devnet', explorer: null });
  expect(chainInfo(1)).toBeNull();
  expect(chainLabel(1)).toBe('Chain 1');
});
