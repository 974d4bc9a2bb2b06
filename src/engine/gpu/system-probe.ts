import { execFile } from 'node:child_process';
import si from 'systeminformation';
import { RawControllerSchema, type HardwareProbe, type RawSystem, type SmiTool } from './probe';

const TOOL_TIMEOUT_MS = 5000;

/** Reads the real machine: systeminformation for the inventory, the vendor tools for live figures. */
export class SystemHardwareProbe implements HardwareProbe {
  async controllers() {
    const { controllers } = await si.graphics();
    return controllers.map((c) => RawControllerSchema.parse(c));
  }

  async system(): Promise<RawSystem> {
    const [cpu, mem, os] = await Promise.all([si.cpu(), si.mem(), si.osInfo()]);
    return {
      cpu: { brand: `${cpu.manufacturer} ${cpu.brand}`.trim(), cores: cpu.cores, speedGHz: cpu.speed },
      memoryMB: Math.round(mem.total / (1024 * 1024)),
      os: { platform: os.platform, distro: os.distro, release: os.release, arch: os.arch },
    };
  }

  runTool(tool: SmiTool, args: readonly string[]): Promise<string | null> {
    return new Promise((resolve, reject) => {
      execFile(tool, args, { timeout: TOOL_TIMEOUT_MS, windowsHide: true }, (error, stdout) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return resolve(null);
        reject(new Error(`${tool} failed: ${error.message.split('\n')[0]}`));
      });
    });
  }
}
