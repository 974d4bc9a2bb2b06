export function formatMB(mb: number): string {
  if (mb < 1024) return `${mb} MB`;
  const gb = mb / 1024;
  return `${Number(gb.toFixed(1))} GB`;
}

/** A clock time in the owner's locale, with the day when it is not today. */
export function formatClock(date: Date, now = new Date()): string {
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === now.toDateString() ? time : `${date.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
}

/** A moment as a date and time in the owner's locale, from chain seconds: "Dec 25, 2026, 10:00 AM". */
export function formatDateTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A day from chain seconds, in the owner's locale: "Feb 23, 2027". */
export function formatDate(seconds: number): string {
  return new Date(seconds * 1000).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/**
 * A past moment from chain seconds, as short as stays unambiguous, for tables where a full date
 * would wrap: "07:07 AM" today, "Nov 24, 07:07 AM" this year, "Dec 25, 2025, 07:07 AM" before.
 */
export function formatRecent(seconds: number, now = new Date()): string {
  const date = new Date(seconds * 1000);
  if (date.toDateString() === now.toDateString()) return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (date.getFullYear() === now.getFullYear()) {
    return date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  }
  return formatDateTime(seconds);
}

/** Figures with about three significant digits: 29.7, 8,097, 0.72. */
export function formatRate(value: number): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return value.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatMinutes(seconds: number): string {
  if (seconds === 0) return 'at once';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Number((seconds / 60).toFixed(1));
  return `${minutes} min`;
}
