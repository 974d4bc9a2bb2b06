import { MIN_VRAM_MB, type GpuVendor, type SupportVerdict } from '../../common/hardware';

/**
 * The whitepaper's hardware list: NVIDIA RTX 30 and 40 series, A100, H100; AMD RX 7000 and
 * Instinct MI300 series; at least 4 GB of VRAM. Each family is matched on the model string as
 * drivers and lspci write it ("NVIDIA GeForce RTX 3060", "GA106 [GeForce RTX 3060 Lite Hash
 * Rate]", "Navi 31 [Radeon RX 7900 XT/7900 XTX]", "AMD Instinct MI300X").
 */
const families: Record<'nvidia' | 'amd', { name: string; pattern: RegExp }[]> = {
  nvidia: [
    { name: 'GeForce RTX 30 series', pattern: /\bRTX\s*30[5-9]0\b/i },
    { name: 'GeForce RTX 40 series', pattern: /\bRTX\s*40[5-9]0\b/i },
    { name: 'A100', pattern: /\bA100\b/i },
    { name: 'H100', pattern: /\bH100\b/i },
  ],
  amd: [
    { name: 'Radeon RX 7000 series', pattern: /\bRX\s*7[0-9]{2}0(?:M|S)?\b/i },
    { name: 'Instinct MI300 series', pattern: /\bMI3[0-9]{2}[A-Z]?\b/i },
  ],
};

const supportedList = 'NVIDIA RTX 30/40 series, A100, H100; AMD RX 7000 series, Instinct MI300 series';

/** Software renderers and hypervisor adapters that report themselves as display controllers. */
const virtualAdapter =
  /\b(llvmpipe|softpipe|swiftshader|virtio|vmware|virtualbox|vbox|qxl|cirrus|bochs|hyper-v|basic render|basic display|parallels)\b/i;

function formatGB(mb: number): string {
  return `${Number((mb / 1024).toFixed(1))} GB`;
}

function verdict(code: SupportVerdict['code'], reason: string): SupportVerdict {
  return { supported: code === 'supported', code, reason };
}

/**
 * Decides whether a detected GPU can take network tasks, and says why in words for the owner.
 * Order matters: vendor first (nothing else can fix it), then memory, then the model list.
 */
export function judgeSupport(gpu: { vendor: GpuVendor; model: string; vramMB: number | null }): SupportVerdict {
  if (virtualAdapter.test(gpu.model)) {
    return verdict(
      'virtual-adapter',
      `"${gpu.model}" is a virtual or software display adapter, not a physical GPU, so it has no compute to share.`,
    );
  }
  if (gpu.vendor === 'apple') {
    return verdict(
      'vendor-not-supported',
      'Apple silicon GPUs are not on the network\'s hardware list yet: tasks are verified on NVIDIA and AMD GPUs only, so results from an Apple GPU could not be checked against its peers. This Mac can still contribute in CPU mode.',
    );
  }
  if (gpu.vendor !== 'nvidia' && gpu.vendor !== 'amd') {
    const who = gpu.vendor === 'intel' ? 'Intel' : 'This vendor\'s';
    return verdict(
      'vendor-not-supported',
      `${who} GPUs are not supported: the network takes NVIDIA and AMD GPUs only (${supportedList}).`,
    );
  }
  if (gpu.vramMB !== null && gpu.vramMB < MIN_VRAM_MB) {
    return verdict(
      'insufficient-vram',
      `Too little video memory: ${formatGB(gpu.vramMB)}, and tasks need at least ${formatGB(MIN_VRAM_MB)}.`,
    );
  }
  const family = families[gpu.vendor].find((f) => f.pattern.test(gpu.model));
  if (!family) {
    return verdict(
      'model-not-supported',
      `"${gpu.model}" is not on the supported list (${supportedList}).`,
    );
  }
  const memory =
    gpu.vramMB === null
      ? 'its driver did not report its memory, and every card of this family has at least 4 GB'
      : `${formatGB(gpu.vramMB)} of video memory`;
  return verdict('supported', `Supported: ${family.name}, ${memory}.`);
}
