import { z } from 'zod';

/** One device as a vendor management tool (nvidia-smi, rocm-smi) reports it. */
export interface SmiDevice {
  source: 'nvidia-smi' | 'rocm-smi';
  busAddress: string | null;
  name: string | null;
  driver: string | null;
  memoryTotalMB: number | null;
  memoryUsedMB: number | null;
  utilizationPercent: number | null;
  temperatureC: number | null;
}

export const NVIDIA_SMI_ARGS = [
  '--query-gpu=index,pci.bus_id,name,driver_version,memory.total,memory.used,utilization.gpu,temperature.gpu',
  '--format=csv,noheader,nounits',
];

export const ROCM_SMI_ARGS = [
  '--showproductname',
  '--showbus',
  '--showmeminfo',
  'vram',
  '--showuse',
  '--showtemp',
  '--showdriverversion',
  '--json',
];

/** nvidia-smi writes "[N/A]" or "[Not Supported]" for fields a board lacks. */
function number(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number.parseFloat(text.trim());
  return Number.isFinite(value) ? value : null;
}

function text(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed && !/^\[.*\]$/.test(trimmed) ? trimmed : null;
}

export function parseNvidiaSmi(output: string): SmiDevice[] {
  return output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('index'))
    .map((line) => {
      const [, bus, name, driver, total, used, util, temp] = line.split(',').map((cell) => cell.trim());
      return {
        source: 'nvidia-smi' as const,
        busAddress: text(bus),
        name: text(name),
        driver: text(driver),
        memoryTotalMB: number(total),
        memoryUsedMB: number(used),
        utilizationPercent: number(util),
        temperatureC: number(temp),
      };
    });
}

const RocmJsonSchema = z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number()])));

/** rocm-smi's JSON keys change between releases ("Card series" / "Card Series"), so fields are found by pattern. */
function field(card: Record<string, string | number>, pattern: RegExp): string | undefined {
  const key = Object.keys(card).find((k) => pattern.test(k));
  return key === undefined ? undefined : String(card[key]);
}

const bytesToMB = (value: number | null) => (value === null ? null : Math.round(value / (1024 * 1024)));

export function parseRocmSmi(output: string): SmiDevice[] {
  const parsed = RocmJsonSchema.safeParse(JSON.parse(output));
  if (!parsed.success) throw new Error('rocm-smi printed JSON of an unexpected shape');
  const driver = text(field(parsed.data.system ?? {}, /^driver version$/i));
  return Object.entries(parsed.data)
    .filter(([key]) => /^card\d+$/i.test(key))
    .map(([, card]) => ({
      source: 'rocm-smi' as const,
      busAddress: text(field(card, /^pci bus$/i)),
      name: text(field(card, /^card series$/i)) ?? text(field(card, /^card model$/i)),
      driver,
      memoryTotalMB: bytesToMB(number(field(card, /^vram total memory \(b\)$/i))),
      memoryUsedMB: bytesToMB(number(field(card, /^vram total used memory \(b\)$/i))),
      utilizationPercent: number(field(card, /^gpu use \(%\)$/i)),
      temperatureC: number(field(card, /^temperature \(sensor (edge|junction)\) \(c\)$/i)),
    }));
}
