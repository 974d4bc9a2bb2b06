import { describe, expect, test } from 'vitest';
import { judgeSupport } from './support';
import { cleanModel, normalizeVendor, vendorDisplayName } from './normalize';

/** Device strings as systeminformation and the vendor tools really print them. */
const cases = [
  { vendor: 'NVIDIA Corporation', model: 'NVIDIA GeForce RTX 3060', vram: 8192, code: 'supported', says: 'RTX 30 series, 8 GB' },
  { vendor: 'NVIDIA Corporation', model: 'GA106 [GeForce RTX 3060 Lite Hash Rate]', vram: 12288, code: 'supported', says: '12 GB' },
  { vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 4090', vram: 24564, code: 'supported', says: 'RTX 40 series' },
  { vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 4060 Laptop GPU', vram: 8188, code: 'supported', says: 'RTX 40 series' },
  { vendor: 'NVIDIA', model: 'NVIDIA A100-SXM4-80GB', vram: 81920, code: 'supported', says: 'A100' },
  { vendor: 'NVIDIA', model: 'NVIDIA H100 80GB HBM3', vram: 81559, code: 'supported', says: 'H100' },
  { vendor: 'NVIDIA Corporation', model: 'GeForce GTX 1050', vram: 2048, code: 'insufficient-vram', says: 'Too little video memory: 2 GB' },
  { vendor: 'NVIDIA Corporation', model: 'NVIDIA GeForce GTX 1080 Ti', vram: 11264, code: 'model-not-supported', says: 'not on the supported list' },
  { vendor: 'NVIDIA', model: 'NVIDIA RTX A4000', vram: 16376, code: 'model-not-supported', says: 'not on the supported list' },
  { vendor: 'NVIDIA', model: 'NVIDIA RTX 4000 Ada Generation', vram: 20475, code: 'model-not-supported', says: 'not on the supported list' },
  { vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 3050 Laptop GPU', vram: 3800, code: 'insufficient-vram', says: '3.7 GB' },
  { vendor: 'Advanced Micro Devices, Inc. [AMD/ATI]', model: 'AMD Radeon RX 7900 XTX', vram: 24560, code: 'supported', says: 'RX 7000 series' },
  { vendor: 'Advanced Micro Devices, Inc. [AMD/ATI]', model: 'Navi 31 [Radeon RX 7900 XT/7900 XTX]', vram: 20464, code: 'supported', says: 'RX 7000 series' },
  { vendor: 'AMD', model: 'AMD Radeon RX 7600M XT', vram: 8176, code: 'supported', says: 'RX 7000 series' },
  { vendor: 'AMD', model: 'AMD Instinct MI300X', vram: 196592, code: 'supported', says: 'MI300 series' },
  { vendor: 'AMD', model: 'AMD Radeon RX 6800 XT', vram: 16368, code: 'model-not-supported', says: 'not on the supported list' },
  { vendor: 'AMD', model: 'AMD Radeon Pro W7900', vram: 49136, code: 'model-not-supported', says: 'not on the supported list' },
  { vendor: 'Intel Corporation', model: 'Intel(R) UHD Graphics 630', vram: 128, code: 'vendor-not-supported', says: 'Intel GPUs are not supported' },
  { vendor: 'Intel Corporation', model: 'Intel Arc A770', vram: 16384, code: 'vendor-not-supported', says: 'NVIDIA and AMD GPUs only' },
  { vendor: 'Apple', model: 'Apple M2', vram: null, code: 'vendor-not-supported', says: 'CPU mode' },
  { vendor: 'VMware', model: 'SVGA II Adapter (VMware)', vram: 16, code: 'virtual-adapter', says: 'not a physical GPU' },
  { vendor: 'Mesa', model: 'llvmpipe (LLVM 15.0.6, 256 bits)', vram: null, code: 'virtual-adapter', says: 'not a physical GPU' },
  { vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 3080', vram: null, code: 'supported', says: 'did not report its memory' },
] as const;

describe('judgeSupport', () => {
  test.for(cases)('$model ($vram MB) → $code', ({ vendor, model, vram, code, says }) => {
    const verdict = judgeSupport({ vendor: normalizeVendor(vendor, model), model: cleanModel(model), vramMB: vram });
    expect(verdict.code).toBe(code);
    expect(verdict.supported).toBe(code === 'supported');
    expect(verdict.reason).toContain(says);
  });
});

describe('normalizeVendor', () => {
  test.for([
    ['NVIDIA Corporation', 'x', 'nvidia'],
    ['', 'GeForce GTX 1050', 'nvidia'],
    ['Advanced Micro Devices, Inc. [AMD/ATI]', 'x', 'amd'],
    ['ATI Technologies Inc.', 'x', 'amd'],
    ['Intel Corporation', 'x', 'intel'],
    ['Apple', 'Apple M2', 'apple'],
    ['Matrox Electronics Systems Ltd.', 'G200eR2', 'other'],
  ] as const)('%s / %s → %s', ([vendor, model, expected]) => {
    expect(normalizeVendor(vendor, model)).toBe(expected);
  });
});

test.for([
  ['nvidia', 'NVIDIA Corporation', 'NVIDIA'],
  ['amd', 'Advanced Micro Devices, Inc. [AMD/ATI]', 'AMD'],
  ['other', 'Matrox Electronics Systems Ltd.', 'Matrox Electronics Systems Ltd.'],
  ['other', '  ', 'Unknown vendor'],
] as const)('vendorDisplayName(%s, %j) → %s', ([vendor, reported, expected]) => {
  expect(vendorDisplayName(vendor, reported)).toBe(expected);
});
