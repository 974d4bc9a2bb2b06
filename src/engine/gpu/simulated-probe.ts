import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseUnknown } from '../../common/errors';
import { RawControllerSchema, RawSystemSchema, type HardwareProbe, type SmiTool } from './probe';

/**
 * A machine described by a JSON file: the raw systeminformation controllers and the vendor tools'
 * raw output. For demos and tests of hardware this machine does not have; everything after the
 * probe (merging, verdicts, UI) runs for real on it.
 */
export const SimulatedHardwareSchema = z.object({
  controllers: z.array(RawControllerSchema),
  system: RawSystemSchema.optional(),
  tools: z.object({ 'nvidia-smi': z.string().optional(), 'rocm-smi': z.string().optional() }).default({}),
});
export type SimulatedHardware = z.infer<typeof SimulatedHardwareSchema>;

const defaultSystem = {
  cpu: { brand: 'Simulated CPU', cores: 8, speedGHz: 3.6 },
  memoryMB: 32768,
  os: { platform: 'linux', distro: 'Simulated', release: '1.0', arch: 'x64' },
};

export class SimulatedHardwareProbe implements HardwareProbe {
  constructor(private readonly machine: SimulatedHardware) {}

  static async fromFile(path: string): Promise<SimulatedHardwareProbe> {
    const json: unknown = JSON.parse(await readFile(path, 'utf8'));
    return new SimulatedHardwareProbe(parseUnknown(SimulatedHardwareSchema, json, 'INVALID_PARAMS', `simulated hardware in ${path}`));
  }

  async controllers() {
    return this.machine.controllers;
  }

  async system() {
    return this.machine.system ?? defaultSystem;
  }

  async runTool(tool: SmiTool) {
    return this.machine.tools[tool] ?? null;
  }
}
