import jsQR from 'jsqr';
import { describe, expect, test } from 'vitest';
import { noWalletState, type WalletState } from '../../src/common/api';
import { chainLabel, describeWalletError, parseProjectId, parseRelayUrl, qrMatrix, qrPath, shortenAddress, walletView } from './wallet';

// A pairing URI as @walletconnect/sign-client 2.25 makes them: long, with a 32-byte topic and key.
const URI =
  'wc:7f6e504bfad60b485450578e05678ed3e8e8c4751d3c6160be17160d63ec90f9@2?relay-protocol=irn&symKey=587d5484ce2a2a6ee3ba1962fdd7e8588e06200c46823bd18fbd67def96ad303&expiryTimestamp=1730000000';
const ADDRESS = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

/** Fills the cells a path from `qrPath` draws, the way an SVG renderer would, into a `size`² grid. */
function rasterisePath(path: string, size: number): boolean[][] {
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const runs = [...path.matchAll(/M(\d+) (\d+)h(\d+)v1h(-\d+)z/g)];
  expect(runs.map((r) => r[0]).join('')).toBe(path); // nothing in the path that is not a run
  for (const [, x, y, w, back] of runs) {
    expect(Number(back)).toBe(-Number(w));
    for (let i = 0; i < Number(w); i++) grid[Number(y)]![Number(x) + i] = true;
  }
  return grid;
}

/** An RGBA image of `grid`, `scale` pixels a module, black on white, for a QR reader. */
function toImage(grid: boolean[][], scale: number) {
  const size = grid.length * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  grid.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const i = ((y * scale + dy) * size + x * scale + dx) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
    }),
  );
  return { data, size };
}

describe('the pairing QR code', () => {
  test.for([URI, 'wc:short@2?relay-protocol=irn&symKey=00'])('the drawn path reads back as the URI %#', (text) => {
    const matrix = qrMatrix(text);
    const margin = 4;
    const grid = rasterisePath(qrPath(matrix, margin), matrix.length + 2 * margin);
    // The path draws exactly the dark modules, shifted by the quiet zone.
    matrix.forEach((row, y) => row.forEach((dark, x) => expect(grid[y + margin]![x + margin]).toBe(dark)));
    const { data, size } = toImage(grid, 4);
    expect(jsQR(data, size, size)?.data).toBe(text);
  });

  test('a different URI gives a different code', () => {
    expect(qrPath(qrMatrix(URI))).not.toBe(qrPath(qrMatrix(URI.replace('symKey=5', 'symKey=6'))));
  });
});

describe('shortenAddress', () => {
  test.for([
    [ADDRESS, '0x90F7…b906'],
    ['0x0000000000000000000000000000000000000000', '0x0000…0000'],
    ['not an address', 'not an address'],
    ['0x1234', '0x1234'],
  ])('%s → %s', ([address, short]) => {
    expect(shortenAddress(address!)).toBe(short);
  });
});

test.for([
  [56, 'BNB Smart Chain (chain 56)'],
  [97, 'BNB Smart Chain Testnet (chain 97)'],
  [31337, 'PlexAi devnet (chain 31337)'],
  [1, 'Chain 1'],
] as const)('chainLabel(%i) is %s', ([id, label]) => {
  expect(chainLabel(id)).toBe(label);
});

describe('walletView', () => {
  const ready: WalletState = {
    available: true,
    unavailableReason: null,
    relayUrl: 'wss://relay.walletconnect.org',
    configurable: true,
    connection: { status: 'disconnected' },
    chainId: 56,
    devWalletAvailable: false,
    lastError: null,
  };

  test('no wallet configured: the reason', () => {
    expect(walletView(noWalletState)).toEqual({ kind: 'unavailable', reason: noWalletState.unavailableReason, fixInSettings: false });
  });

  test('WalletConnect without a project id: the reason, and Settings as the way on', () => {
    expect(walletView({ ...ready, available: false, unavailableReason: 'needs a project id' })).toEqual({
      kind: 'unavailable',
      reason: 'needs a project id',
      fixInSettings: true,
    });
  });

  test('disconnected, without and with a refusal', () => {
    expect(walletView(ready)).toEqual({ kind: 'disconnected', problem: null });
    const refused = walletView({ ...ready, lastError: { name: 'WALLET_REJECTED', message: 'The wallet declined the connection.' } });
    expect(refused).toMatchObject({ kind: 'disconnected', problem: { refused: true, title: 'You declined the connection in your wallet app.' } });
  });

  test('pairing shows the engine’s URI, whatever the last error was', () => {
    expect(walletView({ ...ready, connection: { status: 'pairing', uri: URI } })).toEqual({ kind: 'pairing', uri: URI });
  });

  test('connected on the expected chain, and after the wallet moved to another', () => {
    const connected = { status: 'connected', kind: 'walletconnect', label: 'MetaMask Wallet', address: ADDRESS, chainId: 56 } as const;
    expect(walletView({ ...ready, connection: connected })).toMatchObject({ kind: 'connected', label: 'MetaMask Wallet', wrongChain: null });
    expect(walletView({ ...ready, connection: { ...connected, chainId: 1 } })).toMatchObject({ kind: 'connected', chainId: 1, wrongChain: { expected: 56 } });
  });

  test('a connected wallet shows even where connecting anew is unavailable', () => {
    const dev = { status: 'connected', kind: 'local-dev', label: 'Local dev wallet (devnet only)', address: ADDRESS, chainId: 31337 } as const;
    expect(walletView({ ...noWalletState, connection: dev, chainId: 31337 })).toMatchObject({ kind: 'connected', walletKind: 'local-dev' });
  });
});

describe('describeWalletError', () => {
  test('wrong chain names the chain the wallet must be on and what to do', () => {
    const p = describeWalletError({ name: 'WALLET_WRONG_CHAIN', message: 'The wallet declined to switch chains: PlexAi runs on BNB Smart Chain (chain 56).' }, 56);
    expect(p.refused).toBe(false);
    expect(p.title).toBe('Your wallet is not on BNB Smart Chain (chain 56), and it did not switch when asked.');
    expect(p.detail).toContain('Add or select BNB Smart Chain (chain 56) in your wallet app');
  });

  test.for(['WALLET_UNAVAILABLE', 'WALLET_FAILED', 'SOMETHING_NEW'])('%s keeps the engine’s message', (name) => {
    const p = describeWalletError({ name, message: 'The WalletConnect relay at ws://x did not answer within 20 s.' }, 56);
    expect(p.detail).toBe('The WalletConnect relay at ws://x did not answer within 20 s.');
    expect(p.refused).toBe(false);
  });
});

describe('the WalletConnect fields', () => {
  test('a relay address is trimmed; empty means the default; an unencrypted remote relay says why', () => {
    expect(parseRelayUrl('  wss://relay.example.com ')).toEqual({ ok: true, value: 'wss://relay.example.com' });
    expect(parseRelayUrl('')).toEqual({ ok: true, value: '' });
    expect(parseRelayUrl('ws://127.0.0.1:4000')).toEqual({ ok: true, value: 'ws://127.0.0.1:4000' });
    expect(parseRelayUrl('ws://relay.example.com')).toMatchObject({ ok: false, error: expect.stringMatching(/only on this computer/) });
  });

  test('a project id pasted with spaces or in capitals is kept as the engine stores it', () => {
    expect(parseProjectId(' 0123456789ABCDEF0123456789abcdef\n')).toEqual({ ok: true, value: '0123456789abcdef0123456789abcdef' });
    expect(parseProjectId('')).toEqual({ ok: true, value: '' });
    expect(parseProjectId('my-project')).toMatchObject({ ok: false, error: expect.stringMatching(/cloud\.reown\.com/) });
  });
});

