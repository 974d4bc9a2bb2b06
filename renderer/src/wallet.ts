import qrcode from 'qrcode-generator';
import type { WalletState } from '../../src/common/api';
import { chainLabel } from '../../src/common/chains';
import { PROJECT_ID_PATTERN, PROJECT_ID_SOURCE, relayUrlProblem } from '../../src/common/walletconnect';
import type { Parsed } from './idle-rules';

/** 0x90F7…b906: enough of both ends to recognise an address, with the whole one a click away. */
export function shortenAddress(address: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return address;
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export { chainLabel } from '../../src/common/chains';

/**
 * What the wallet card shows, derived from the engine's state alone, so a reload (or a second
 * window) shows the same thing: the pairing code and the refusal both live in the engine.
 */
export type WalletView =
  /** `fixInSettings`: the relay URL and project id in Settings decide it, so the page leads there. */
  | { kind: 'unavailable'; reason: string; fixInSettings: boolean }
  | { kind: 'disconnected'; problem: WalletProblem | null }
  | { kind: 'pairing'; uri: string }
  | {
      kind: 'connected';
      walletKind: 'walletconnect' | 'local-dev';
      label: string;
      address: string;
      chainId: number;
      /** Set when the wallet moved to another chain after connecting: payouts and claims need the expected one. */
      wrongChain: { expected: number } | null;
    };

export interface WalletProblem {
  /** One line in plain words. */
  title: string;
  /** The engine's message, which names the detail (which chain, which relay). */
  detail: string;
  /** Whether the wallet itself refused, as opposed to something failing on the way. */
  refused: boolean;
}

export function walletView(wallet: WalletState): WalletView {
  const c = wallet.connection;
  if (c.status === 'connected') {
    const wrongChain = wallet.chainId !== null && c.chainId !== wallet.chainId ? { expected: wallet.chainId } : null;
    return { kind: 'connected', walletKind: c.kind, label: c.label, address: c.address, chainId: c.chainId, wrongChain };
  }
  if (c.status === 'pairing') return { kind: 'pairing', uri: c.uri };
  if (!wallet.available) {
    return { kind: 'unavailable', reason: wallet.unavailableReason ?? 'This miner cannot connect a wallet.', fixInSettings: wallet.configurable };
  }
  return { kind: 'disconnected', problem: wallet.lastError ? describeWalletError(wallet.lastError, wallet.chainId) : null };
}

/** The engine's wallet error codes (src/common/errors.ts) in the owner's words. */
export function describeWalletError(error: { name: string; message: string }, chainId: number | null): WalletProblem {
  const chain = chainId === null ? 'the network’s chain' : chainLabel(chainId);
  switch (error.name) {
    case 'WALLET_REJECTED':
      return { title: 'You declined the connection in your wallet app.', detail: error.message, refused: true };
    case 'WALLET_WRONG_CHAIN':
      return {
        title: `Your wallet is not on ${chain}, and it did not switch when asked.`,
        detail: `${error.message} Add or select ${chain} in your wallet app, then connect again.`,
        refused: false,
      };
    case 'WALLET_UNAVAILABLE':
      return { title: 'The wallet connection service did not answer.', detail: error.message, refused: false };
    case 'WALLET_NOT_CONNECTED':
      return { title: 'The wallet session has ended.', detail: error.message, refused: false };
    default:
      return { title: 'Connecting your wallet failed.', detail: error.message, refused: false };
  }
}

/** The QR code's modules, row by row (true is dark). Error correction M: a phone reads it off a screen. */
export function qrMatrix(text: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, row) => Array.from({ length: n }, (_, col) => qr.isDark(row, col)));
}

/** One SVG path drawing every dark module, a horizontal run at a time, in module units offset by `margin`. */
export function qrPath(matrix: boolean[][], margin = 4): string {
  const parts: string[] = [];
  matrix.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      parts.push(`M${start + margin} ${y + margin}h${x - start}v1h${start - x}z`);
    }
  });
  return parts.join('');
}

/** The WalletConnect relay field: empty (the default relay) or an address the engine accepts. */
export function parseRelayUrl(text: string): Parsed<string> {
  const value = text.trim();
  const problem = value === '' ? null : relayUrlProblem(value);
  return problem ? { ok: false, error: problem } : { ok: true, value };
}

/** The project id field: empty (not set) or 32 hex characters, pasted in whichever case. */
export function parseProjectId(text: string): Parsed<string> {
  const value = text.trim().toLowerCase();
  if (value === '' || PROJECT_ID_PATTERN.test(value)) return { ok: true, value };
  return { ok: false, error: `A project id is 32 characters, 0-9 and a-f: copy it from your project on ${PROJECT_ID_SOURCE}.` };
}
