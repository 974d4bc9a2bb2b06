/**
 * Draws the app and tray icons as PNG files, deterministically, so that the artwork lives in the
 * repository as code and no image tool is needed: `npx tsx resources/icons/generate.ts`.
 * electron-builder turns icon.png (1024²) into the .ico and .icns it needs.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { TRAY_STATES, trayColors, type TrayStateName } from '../../main/tray/palette';
import { trayIconFile } from '../../main/tray/view';

type Rgba = [number, number, number, number];
type Shader = (x: number, y: number) => Rgba | null;

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(size: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rows.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Renders shaders in unit coordinates (0..1), 4×4 supersampled for smooth edges. */
function render(size: number, layers: Shader[]): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          let color: Rgba = [0, 0, 0, 0];
          for (const layer of layers) {
            const c = layer(x, y);
            if (c) {
              const alpha = c[3] / 255;
              color = [
                c[0] * alpha + color[0] * (1 - alpha),
                c[1] * alpha + color[1] * (1 - alpha),
                c[2] * alpha + color[2] * (1 - alpha),
                255 * (alpha + (color[3] / 255) * (1 - alpha)),
              ];
            }
          }
          r += color[0] * (color[3] / 255);
          g += color[1] * (color[3] / 255);
          b += color[2] * (color[3] / 255);
          a += color[3];
        }
      }
      const i = (py * size + px) * 4;
      const alpha = a / (n * n);
      out[i] = alpha ? Math.round((r / (n * n)) * (255 / alpha)) : 0;
      out[i + 1] = alpha ? Math.round((g / (n * n)) * (255 / alpha)) : 0;
      out[i + 2] = alpha ? Math.round((b / (n * n)) * (255 / alpha)) : 0;
      out[i + 3] = Math.round(alpha);
    }
  }
  return out;
}

const hex = (color: string, alpha = 255): Rgba => [
  Number.parseInt(color.slice(1, 3), 16),
  Number.parseInt(color.slice(3, 5), 16),
  Number.parseInt(color.slice(5, 7), 16),
  alpha,
];

function roundedSquare(inset: number, radius: number, fill: (x: number, y: number) => Rgba): Shader {
  return (x, y) => {
    const dx = Math.max(inset + radius - x, 0, x - (1 - inset - radius));
    const dy = Math.max(inset + radius - y, 0, y - (1 - inset - radius));
    return dx * dx + dy * dy <= radius * radius ? fill(x, y) : null;
  };
}

const circle = (cx: number, cy: number, r: number, color: Rgba): Shader => (x, y) =>
  (x - cx) ** 2 + (y - cy) ** 2 <= r * r ? color : null;

const ring = (cx: number, cy: number, r: number, width: number, color: Rgba): Shader => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return Math.abs(d - r) <= width / 2 ? color : null;
};

/** The brand mark: a node of the network (dot and orbit) on the violet-to-teal tile. */
function appIcon(): Shader[] {
  const from = hex('#6c4dff');
  const to = hex('#19c3b1');
  const gradient = (x: number, y: number): Rgba => {
    const t = Math.min(1, Math.max(0, (x + y) / 2));
    return [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t, from[2] + (to[2] - from[2]) * t, 255];
  };
  const white = hex('#ffffff');
  return [
    roundedSquare(0.06, 0.2, gradient),
    ring(0.5, 0.5, 0.25, 0.07, white),
    circle(0.5, 0.5, 0.1, white),
    // The satellite sits on the orbit with a gap of tile colour around it.
    (x, y) => ((x - 0.677) ** 2 + (y - 0.323) ** 2 <= 0.095 ** 2 ? gradient(x, y) : null),
    circle(0.677, 0.323, 0.06, white),
  ];
}

const rect = (x0: number, y0: number, x1: number, y1: number, color: Rgba): Shader => (x, y) =>
  x >= x0 && x <= x1 && y >= y0 && y <= y1 ? color : null;

/** The orbit broken into eight dashes: something pending. */
const dashedRing = (r: number, width: number, color: Rgba): Shader => {
  const whole = ring(0.5, 0.5, r, width, color);
  return (x, y) => (Math.floor(((Math.atan2(y - 0.5, x - 0.5) + Math.PI) / (2 * Math.PI)) * 8) % 2 === 0 ? whole(x, y) : null);
};

/** Tray icons elsewhere: the same mark, coloured by state. */
function trayIcon(color: Rgba): Shader[] {
  return [ring(0.5, 0.5, 0.32, 0.14, color), circle(0.5, 0.5, 0.15, color)];
}

/**
 * macOS draws tray icons as monochrome templates, so there the state is in the shape: the whole
 * mark while mining, a dashed orbit while waiting for idle, pause bars while paused.
 */
function trayTemplate(state: TrayStateName): Shader[] {
  const black = hex('#000000');
  switch (state) {
    case 'mining':
      return trayIcon(black);
    case 'waiting':
      return [dashedRing(0.32, 0.14, black), circle(0.5, 0.5, 0.15, black)];
    case 'paused':
      return [ring(0.5, 0.5, 0.32, 0.14, black), rect(0.37, 0.35, 0.46, 0.65, black), rect(0.54, 0.35, 0.63, 0.65, black)];
  }
}

const here = new URL('.', import.meta.url).pathname;
const write = (name: string, size: number, layers: Shader[]) => writeFileSync(`${here}${name}`, encodePng(size, render(size, layers)));

write('icon.png', 1024, appIcon());
for (const state of TRAY_STATES) {
  for (const platform of ['linux', 'darwin'] as const) {
    const layers = platform === 'darwin' ? trayTemplate(state) : trayIcon(hex(trayColors[state]));
    const file = trayIconFile(state, platform);
    write(file, 16, layers);
    write(file.replace(/\.png$/, '@2x.png'), 32, layers);
  }
}
