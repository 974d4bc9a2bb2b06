import { z } from 'zod';

/** A display controller as systeminformation's `graphics()` reports it (the fields we read). */
export const RawControllerSchema = z.object({
  vendor: z.string().default(''),
  model: z.string().default(''),
  vram: z.number().nullable().optional(),
  vramDynamic: z.boolean().optional(),
  driverVersion: z.string().optional(),
  busAddress: z.string().optional(),
});
export type RawController = z.infer<typeof RawControllerSchema>;

export const RawSystemSchema = z.object({
  cpu: z.object({ brand: z.string(), cores: z.number().int().min(0), speedGHz: z.number().min(0) }),
  memoryMB: z.number().int().min(0),
  os: z.object({ platform: z.string(), distro: z.string(), release: z.string(), arch: z.string() }),
});
export type RawSystem = z.infer<typeof RawSystemSchema>;

export type SmiTool = 'nvidia-smi' | 'rocm-smi';

/** The OS boundary of hardware detection: everything that touches the machine goes through here. */
export interface HardwareProbe {
  controllers(): Promise<RawController[]>;
  system(): Promise<RawSystem>;
  /** The tool's standard output, or null when the tool is not installed. */
  runTool(tool: SmiTool, args: readonly string[]): Promise<string | null>;
}
