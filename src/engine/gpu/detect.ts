import type { Gpu, GpuReadings, HardwareReport } from '../../common/hardware';
import { cleanModel, normalizeVendor, shortBusAddress, vendorDisplayName } from './normalize';
import type { HardwareProbe, RawController, SmiTool } from './probe';
import { NVIDIA_SMI_ARGS, ROCM_SMI_ARGS, parseNvidiaSmi, parseRocmSmi, type SmiDevice } from './smi';
import { judgeSupport } from './support';

const tools: { tool: SmiTool; args: readonly string[]; parse: (out: string) => SmiDevice[]; vendor: 'nvidia' | 'amd' }[] = [
  { tool: 'nvidia-smi', args: NVIDIA_SMI_ARGS, parse: parseNvidiaSmi, vendor: 'nvidia' },
  { tool: 'rocm-smi', args: ROCM_SMI_ARGS, parse: parseRocmSmi, vendor: 'amd' },
];

/** Asks every installed vendor tool for its devices; a failing tool becomes a note, never an error. */
export async function readVendorTools(probe: HardwareProbe): Promise<{ devices: SmiDevice[]; notes: string[] }> {
  const results = await Promise.all(
    tools.map(async ({ tool, args, parse }) => {
      try {
        const output = await probe.runTool(tool, args);
        return { devices: output === null ? [] : parse(output), notes: [] };
      } catch (error) {
        return { devices: [], notes: [`${tool} is installed but its readings failed: ${(error as Error).message}`] };
      }
    }),
  );
  return { devices: results.flatMap((r) => r.devices), notes: results.flatMap((r) => r.notes) };
}

function toReadings(device: SmiDevice, readAt: string): GpuReadings {
  return {
    source: device.source,
    utilizationPercent: device.utilizationPercent === null ? null : Math.min(100, Math.max(0, device.utilizationPercent)),
    temperatureC: device.temperatureC,
    memoryUsedMB: device.memoryUsedMB,
    memoryTotalMB: device.memoryTotalMB,
    readAt,
  };
}

const vendorOfTool = (source: SmiDevice['source']) => tools.find((t) => t.tool === source)!.vendor;

/**
 * Pairs each controller with its vendor-tool device: by PCI bus address where both know it, else
 * by order among the same vendor's devices. Devices only the tool sees (compute boards without a
 * display, which systeminformation can miss) are kept as GPUs of their own.
 */
export function mergeGpus(controllers: RawController[], devices: SmiDevice[], readAt: string): Gpu[] {
  const unmatched = [...devices];
  const take = (controller: RawController, vendor: string): SmiDevice | undefined => {
    const bus = shortBusAddress(controller.busAddress);
    let index = bus ? unmatched.findIndex((d) => shortBusAddress(d.busAddress) === bus) : -1;
    if (index < 0) index = unmatched.findIndex((d) => vendorOfTool(d.source) === vendor);
    return index < 0 ? undefined : unmatched.splice(index, 1)[0];
  };

  const fromControllers = controllers.map((controller) => {
    const vendor = normalizeVendor(controller.vendor, controller.model);
    return describe(vendor, controller, vendor === 'nvidia' || vendor === 'amd' ? take(controller, vendor) : undefined, readAt);
  });
  const fromToolsOnly = unmatched.map((device) =>
    describe(vendorOfTool(device.source), { vendor: '', model: device.name ?? 'Unknown GPU' }, device, readAt),
  );
  return [...fromControllers, ...fromToolsOnly].map((gpu, index) => ({ ...gpu, id: gpu.busAddress ?? `gpu-${index}` }));
}

function describe(vendor: Gpu['vendor'], controller: RawController, device: SmiDevice | undefined, readAt: string): Gpu {
  const model = cleanModel(device?.name ?? controller.model) || 'Unknown GPU';
  const reportedVram = controller.vram && controller.vram > 0 ? Math.round(controller.vram) : null;
  const vramMB = device?.memoryTotalMB != null ? Math.round(device.memoryTotalMB) : reportedVram;
  return {
    id: '',
    vendor,
    vendorName: vendorDisplayName(vendor, controller.vendor),
    model,
    vramMB,
    driver: device?.driver ?? controller.driverVersion ?? null,
    busAddress: shortBusAddress(controller.busAddress) ?? shortBusAddress(device?.busAddress),
    verdict: judgeSupport({ vendor, model, vramMB }),
    readings: device ? toReadings(device, readAt) : null,
  };
}

/** Refreshes the live readings of an existing report without re-running the slow inventory. */
export function withFreshReadings(report: HardwareReport, devices: SmiDevice[], readAt: string): HardwareReport {
  const fresh = mergeGpus([], devices, readAt);
  const gpus = report.gpus.map((gpu) => {
    const match = fresh.find((f) => (gpu.busAddress ? f.busAddress === gpu.busAddress : f.model === gpu.model));
    return match?.readings ? { ...gpu, readings: match.readings } : gpu;
  });
  return { ...report, gpus };
}

export async function detectHardware(probe: HardwareProbe, now: () => Date = () => new Date()): Promise<HardwareReport> {
  const [controllers, system, vendor] = await Promise.all([probe.controllers(), probe.system(), readVendorTools(probe)]);
  const detectedAt = now().toISOString();
  const gpus = mergeGpus(controllers, vendor.devices, detectedAt);
  const notes = [...vendor.notes];
  if (gpus.length === 0) notes.push('No graphics adapter was reported by the operating system.');
  return { gpus, ...system, notes, detectedAt };
}
