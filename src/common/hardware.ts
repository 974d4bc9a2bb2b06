import { z } from 'zod';

export const GpuVendorSchema = z.enum(['nvidia', 'amd', 'intel', 'apple', 'other']);
export type GpuVendor = z.infer<typeof GpuVendorSchema>;

/** Why a device can or cannot join the network, as a stable code plus words for the user. */
export const SupportVerdictSchema = z.object({
  supported: z.boolean(),
  code: z.enum([
    'supported',
    'vendor-not-supported',
    'model-not-supported',
    'insufficient-vram',
    'virtual-adapter',
  ]),
  reason: z.string(),
});
export type SupportVerdict = z.infer<typeof SupportVerdictSchema>;

/** Live figures from the vendor's management tool (nvidia-smi, rocm-smi) where it exists. */
export const GpuReadingsSchema = z.object({
  source: z.enum(['nvidia-smi', 'rocm-smi']),
  utilizationPercent: z.number().min(0).max(100).nullable(),
  temperatureC: z.number().nullable(),
  memoryUsedMB: z.number().min(0).nullable(),
  memoryTotalMB: z.number().min(0).nullable(),
  readAt: z.iso.datetime(),
});
export type GpuReadings = z.infer<typeof GpuReadingsSchema>;

export const GpuSchema = z.object({
  id: z.string(),
  vendor: GpuVendorSchema,
  vendorName: z.string(),
  model: z.string(),
  vramMB: z.number().int().min(0).nullable(),
  driver: z.string().nullable(),
  busAddress: z.string().nullable(),
  verdict: SupportVerdictSchema,
  readings: GpuReadingsSchema.nullable(),
});
export type Gpu = z.infer<typeof GpuSchema>;

export const HardwareReportSchema = z.object({
  gpus: z.array(GpuSchema),
  cpu: z.object({ brand: z.string(), cores: z.number().int().min(0), speedGHz: z.number().min(0) }),
  memoryMB: z.number().int().min(0),
  os: z.object({ platform: z.string(), distro: z.string(), release: z.string(), arch: z.string() }),
  /** Things detection could not do, in plain words (a missing vendor tool, a timed-out probe). */
  notes: z.array(z.string()),
  detectedAt: z.iso.datetime(),
});
export type HardwareReport = z.infer<typeof HardwareReportSchema>;

export const MIN_VRAM_MB = 4096;
