/**
 * How long a worker rests now so that, since the throttle began, its busy share comes back to
 * `dutyPercent`: busy / (elapsed + rest) = duty. Counting from the start (rather than per batch)
 * makes up for late timers and scheduling gaps on a loaded machine instead of letting them add up.
 */
export function restToHoldDuty(busyMs: number, elapsedMs: number, dutyPercent: number): number {
  if (dutyPercent >= 100) return 0;
  const duty = Math.max(1, dutyPercent) / 100;
  return Math.max(0, busyMs / duty - elapsedMs);
}

/** Largest batch that keeps one batch within `targetMs`, from a measured per-sample cost. */
export function batchSizeFor(msPerSample: number, fixedMs: number, targetMs: number, maxBatch: number): number {
  if (msPerSample <= 0) return maxBatch;
  const fits = Math.floor((targetMs - fixedMs) / msPerSample);
  return Math.min(maxBatch, Math.max(1, fits));
}

/**
 * Fits batch time = fixed + perSample × batch to (batch, ms) measurements by least squares, so
 * that one slow run does not decide the batch size.
 */
export function fitBatchCost(points: { batch: number; ms: number }[]): { fixedMs: number; msPerSample: number } {
  const n = points.length;
  if (n === 0) return { fixedMs: 0, msPerSample: 0 };
  const mean = (f: (p: { batch: number; ms: number }) => number) => points.reduce((s, p) => s + f(p), 0) / n;
  const mx = mean((p) => p.batch);
  const my = mean((p) => p.ms);
  const sxx = points.reduce((s, p) => s + (p.batch - mx) ** 2, 0);
  if (sxx === 0) return { fixedMs: 0, msPerSample: my / mx };
  const slope = points.reduce((s, p) => s + (p.batch - mx) * (p.ms - my), 0) / sxx;
  const msPerSample = Math.max(slope, 1e-6);
  return { fixedMs: Math.max(0, my - msPerSample * mx), msPerSample };
}
