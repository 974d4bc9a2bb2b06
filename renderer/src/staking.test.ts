import { describe, expect, test } from 'vitest';
import { apyLabel, checkStakeAmount, livePending, lockLabel, stakePreview, unstakeQuote } from './staking';

const E18 = 10n ** 18n;

describe('the staking page’s figures', () => {
  test('labels', () => {
    expect(lockLabel(30 * 86_400)).toBe('30 days');
    expect(lockLabel(365 * 86_400)).toBe('1 year');
    expect(apyLabel(800)).toBe('8 %');
    expect(apyLabel(1250)).toBe('12.5 %');
  });

  test('the amount field: empty, malformed, zero, above the balance, fine', () => {
    expect(checkStakeAmount('', 10n * E18)).toEqual({ ok: false, message: null });
    expect(checkStakeAmount('1,5', 10n * E18)).toMatchObject({ ok: false, message: expect.stringMatching(/not an amount/) });
    expect(checkStakeAmount('0', 10n * E18)).toEqual({ ok: false, message: 'Enter more than zero.' });
    expect(checkStakeAmount('10.000000000000000001', 10n * E18)).toMatchObject({ ok: false, message: expect.stringMatching(/more than your balance/) });
    expect(checkStakeAmount('10', 10n * E18)).toEqual({ ok: true, units: 10n * E18 });
  });

  test('the preview before confirming: the full-term reward and the exact early penalty', () => {
    const preview = stakePreview(1000n * E18, { id: 0, durationSeconds: 30 * 86_400, apyBps: 800 }, 1_000);
    expect(preview.reward).toBe(6_575342465753424657n);
    expect(preview.penalty).toBe(100n * E18);
    expect(preview.unlockAt.getTime()).toBe((1_000 + 30 * 86_400) * 1000);
  });

  test('a position ticks by the formula and stops at its lock end; the quote names the penalty only before it', () => {
    const position = {
      id: '1',
      amount: (1000n * E18).toString(),
      apyBps: 800,
      start: 1_000,
      lockEnd: 1_000 + 30 * 86_400,
      claimed: '0',
      pending: '0',
      maxReward: '6575342465753424657',
      earlyPenalty: (100n * E18).toString(),
    };
    expect(livePending(position, 1_000 + 86_400)).toBe((1000n * E18 * 800n * 86_400n) / (10_000n * 31_536_000n));
    expect(livePending(position, 1_000 + 300 * 86_400)).toBe(6_575342465753424657n);
    expect(unstakeQuote(position, 2_000)).toMatchObject({ early: true, penalty: 100n * E18, principalOut: 900n * E18 });
    expect(unstakeQuote(position, position.lockEnd)).toMatchObject({ early: false, penalty: 0n, principalOut: 1000n * E18 });
  });
});

describe('amounts for people', () => {
  test('four decimals, but a tiny non-zero amount is never shown as 0', async () => {
    const { plexai } = await import('./staking');
    expect(plexai(1234n * E18 + E18 / 3n)).toBe('1,234.3333 PLEXAI');
    expect(plexai(5_073_566_717n)).toBe('0.000000005073566717 PLEXAI');
    expect(plexai(0n)).toBe('0 PLEXAI');
  });
});
