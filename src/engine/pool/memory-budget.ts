/**
 * How much memory one worker's run (its inputs plus estimated activations) may take: the executor
 * refuses a task above it rather than let TF.js exhaust the device.
 */
const MiB = 2 ** 20;

/**
 * A GPU keeps half its VRAM for the model weights, the backend's own pools and the owner's
 * desktop, which shares the card.
 */
const GPU_SHARE = 0.5;
/** CPU workers together take a quarter of system memory: the owner's programs keep the rest. */
const CPU_SHARE = 0.25;
/** Below this even the bundled models' modest batches would be refused. */
const FLOOR_BYTES = 256 * MiB;
/** Where VRAM is not reported (integrated and some AMD cards): what any supported GPU has to spare. */
const UNKNOWN_VRAM_BYTES = 512 * MiB;
const GPU_CAP_BYTES = 16 * 2 ** 30;
/** wasm addresses 4 GiB at most, and a run needing more would take a CPU minutes anyway. */
const CPU_CAP_BYTES = 4 * 2 ** 30;

export type BudgetDevice = { kind: 'gpu'; vramMB: number | null } | { kind: 'cpu'; systemMemoryMB: number; cpuWorkers: number };

export function memoryBudgetBytes(device: BudgetDevice): number {
  if (device.kind === 'gpu') {
    if (device.vramMB === null) return UNKNOWN_VRAM_BYTES;
    return clamp(device.vramMB * MiB * GPU_SHARE, FLOOR_BYTES, GPU_CAP_BYTES);
  }
  return clamp((device.systemMemoryMB * MiB * CPU_SHARE) / Math.max(1, device.cpuWorkers), FLOOR_BYTES, CPU_CAP_BYTES);
}

const clamp = (bytes: number, floor: number, cap: number) => Math.floor(Math.min(cap, Math.max(floor, bytes)));
