import { describe, expect, test } from 'vitest';
import { parseNvidiaSmi, parseRocmSmi } from './smi';

describe('parseNvidiaSmi', () => {
  test('reads every device and turns [N/A] into null', () => {
    const devices = parseNvidiaSmi(
      '0, 00000000:01:00.0, NVIDIA GeForce RTX 3060, 550.54.14, 12288, 1024, 37, 61\n' +
        '1, 00000000:02:00.0, NVIDIA GeForce GTX 1050, 550.54.14, 2048, 150, [N/A], [Not Supported]\n',
    );
    expect(devices).toEqual([
      {
        source: 'nvidia-smi',
        busAddress: '00000000:01:00.0',
        name: 'NVIDIA GeForce RTX 3060',
        driver: '550.54.14',
        memoryTotalMB: 12288,
        memoryUsedMB: 1024,
        utilizationPercent: 37,
        temperatureC: 61,
      },
      expect.objectContaining({ name: 'NVIDIA GeForce GTX 1050', utilizationPercent: null, temperatureC: null }),
    ]);
  });

  test('an empty answer means no devices', () => {
    expect(parseNvidiaSmi('\n')).toEqual([]);
  });
});

describe('parseRocmSmi', () => {
  test('finds fields across key spellings and converts bytes to MB', () => {
    const devices = parseRocmSmi(
      JSON.stringify({
        card0: {
          'Card Series': 'AMD Radeon RX 7900 XTX',
          'PCI Bus': '0000:03:00.0',
          'GPU use (%)': '5',
          'Temperature (Sensor junction) (C)': '52.0',
          'VRAM Total Memory (B)': '25753026560',
          'VRAM Total Used Memory (B)': '1073741824',
        },
        system: { 'Driver version': '6.8.5' },
      }),
    );
    expect(devices).toEqual([
      {
        source: 'rocm-smi',
        busAddress: '0000:03:00.0',
        name: 'AMD Radeon RX 7900 XTX',
        driver: '6.8.5',
        memoryTotalMB: 24560,
        memoryUsedMB: 1024,
        utilizationPercent: 5,
        temperatureC: 52,
      },
    ]);
  });

  test('output of an unexpected shape is an error, not a crash later', () => {
    expect(() => parseRocmSmi('[1, 2]')).toThrow(/unexpected shape/);
    expect(() => parseRocmSmi('not json')).toThrow();
  });
});
