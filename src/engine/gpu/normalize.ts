import type { GpuVendor } from '../../common/hardware';

/** Maps the many ways drivers spell a vendor ("NVIDIA Corporation", "Advanced Micro Devices, Inc. [AMD/ATI]") to one. */
export function normalizeVendor(vendor: string, model: string): GpuVendor {
  const text = `${vendor} ${model}`;
  if (/nvidia|geforce|quadro|tesla/i.test(text)) return 'nvidia';
  if (/\bamd\b|advanced micro devices|\bati\b|radeon|instinct/i.test(text)) return 'amd';
  if (/intel/i.test(text)) return 'intel';
  if (/apple/i.test(text)) return 'apple';
  return 'other';
}

const vendorDisplayNames: Record<GpuVendor, string | null> = {
  nvidia: 'NVIDIA',
  amd: 'AMD',
  intel: 'Intel',
  apple: 'Apple',
  other: null,
};

/** The vendor as people call it ("AMD", not "Advanced Micro Devices, Inc. [AMD/ATI]"). */
export function vendorDisplayName(vendor: GpuVendor, reported: string): string {
  return vendorDisplayNames[vendor] ?? (reported.trim() || 'Unknown vendor');
}

/** Removes vendor prefixes and registered-mark noise so the UI shows "GeForce RTX 3060", not "NVIDIA Corporation NVIDIA GeForce RTX 3060". */
export function cleanModel(model: string): string {
  return model
    .replace(/\((R|TM)\)/gi, '')
    .replace(/^\s*(NVIDIA Corporation|Advanced Micro Devices, Inc\.(\s*\[AMD\/ATI\])?|Intel Corporation)\s+/i, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Bus addresses come as "01:00.0" from lspci and "00000000:01:00.0" from nvidia-smi; compare on the short form. */
export function shortBusAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const match = /([0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f])$/i.exec(address.trim());
  return match?.[1] ? match[1].toLowerCase() : null;
}
