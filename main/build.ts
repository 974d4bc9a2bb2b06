import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { bundleComputePage } from './compute/webgpu-page/bundle';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles the main process, the compute worker and the preload into dist/main. The preload is
 * fully self-contained: a sandboxed preload may require nothing but 'electron'.
 */
const nodeBundle = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
  // The engine finds its worker script and bundled models from import.meta.url when run from
  // source; main.ts always passes both paths explicitly, so those defaults are never reached here.
  logOverride: { 'empty-import-meta': 'silent' },
} as const;

await Promise.all([
  bundleComputePage(`${root}dist/main/webgpu-page`),
  build({ ...nodeBundle, entryPoints: ['main/main.ts'], outfile: 'dist/main/main.cjs' }),
  build({ ...nodeBundle, entryPoints: ['src/engine/compute/worker-main.ts'], outfile: 'dist/main/worker-main.cjs' }),
  build({
    absWorkingDir: root,
    entryPoints: ['main/preload.ts'],
    outfile: 'dist/main/preload.cjs',
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    sourcemap: true,
  }),
]);
