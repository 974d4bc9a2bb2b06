import { describe, expect, test } from 'vitest';
import { formatChange, formatTokens, formatUsd } from './amounts';

describe('formatTokens', () => {
  test.for([
    { wei: '0', text: '0' },
    { wei: '1000000000000000000', text: '1' },
    { wei: '1234567890000000000000', text: '1,234.5678' },
    { wei: '1500000000000000000', text: '1.5' },
    // Rounded down: never more than is there.
    { wei: '999999999999999999', text: '0.9999' },
    { wei: '1', text: '< 0.0001' },
    { wei: '123456789000000000000000000', text: '123,456,789' },
  ])('$wei wei is $text', ({ wei, text }) => {
    expect(formatTokens(wei)).toBe(text);
  });
});

test('USD values are exact to the cent', () => {
  expect(formatUsd('1234567890000000000000', 1)).toBe('$1,234.56');
  expect(formatUsd('2500000000000000000', 0.42)).toBe('$1.05');
  expect(formatUsd('0', 1)).toBe('$0.00');
});

test('changes carry their sign', () => {
  expect(formatChange(12.46)).toBe('+12.5 %');
  expect(formatChange(-3)).toBe('\u22123.0 %');
  expect(formatChange(0.01)).toBe('0.0 %');
});
