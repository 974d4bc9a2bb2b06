/** PLEXAI and native-coin amounts arrive as whole wei (18 decimals) in decimal strings; these format them exactly. */

import { displayTokenAmount } from '../../src/common/staking';

const WEI = 10n ** 18n;

/**
 * `wei` as a token amount with at most `maxDecimals` decimals (rounded down, so the UI never shows
 * more than is there), thousands grouped: "12,345.6789". Tiny non-zero amounts show as "< 0.0001".
 */
export function formatTokens(wei: string | bigint, maxDecimals = 4): string {
  const value = typeof wei === 'bigint' ? wei : BigInt(wei);
  const shown = displayTokenAmount(value, maxDecimals);
  return value !== 0n && /^-?0$/.test(shown) ? `< 0.${'0'.repeat(Math.max(0, maxDecimals - 1))}1` : shown;
}

/** The USD value of `wei` tokens at `usd` per token, to the cent: "$1,234.56". */
export function formatUsd(wei: string | bigint, usd: number): string {
  const value = typeof wei === 'bigint' ? wei : BigInt(wei);
  // Cents exactly: the price goes in as micro-dollars so no float touches the token amount.
  const microUsd = BigInt(Math.round(usd * 1_000_000));
  const cents = (value * microUsd) / (WEI * 10_000n);
  const dollars = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `$${dollars}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/** A change in percent with its sign, one decimal: "+12.5 %", "−3.0 %", "0.0 %". */
export function formatChange(percent: number): string {
  const rounded = Math.round(percent * 10) / 10;
  if (rounded === 0) return '0.0 %';
  return `${rounded > 0 ? '+' : '\u2212'}${Math.abs(rounded).toFixed(1)} %`;
}

/** Compute in GFLOP/s, or TFLOP/s from 1,000 up. */
export function formatCompute(gflops: number): string {
  if (gflops >= 1000) return `${(gflops / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 })} TFLOP/s`;
  return `${gflops.toLocaleString(undefined, { maximumFractionDigits: 1 })} GFLOP/s`;
}
