import { describe, expect, test } from 'vitest';
import { formatDate, formatDateTime, formatRecent } from './format';

describe('formatRecent', () => {
  const now = new Date(2026, 10, 25, 15, 30);
  const at = (date: Date) => date.getTime() / 1000;

  test('today: the time alone', () => {
    expect(formatRecent(at(new Date(2026, 10, 25, 7, 7)), now)).toBe('07:07 AM');
  });

  test('earlier this year: the day and time, no year', () => {
    expect(formatRecent(at(new Date(2026, 10, 24, 19, 5)), now)).toBe('Nov 24, 07:05 PM');
  });

  test('an earlier year: the whole date, as everywhere else', () => {
    const seconds = at(new Date(2025, 11, 25, 10, 0));
    expect(formatRecent(seconds, now)).toBe(formatDateTime(seconds));
    expect(formatRecent(seconds, now)).toContain('2025');
  });
});

test('formatDate: the day alone, for details where the time would only make the line wrap', () => {
  expect(formatDate(new Date(2027, 1, 23, 7, 4).getTime() / 1000)).toBe('Feb 23, 2027');
});
