export function formatMB(mb: number): string {
  if (mb < 1024) return `${mb} MB`;
  const gb = mb / 1024;
  return `${Number(gb.toFixed(1))} GB`;
}
