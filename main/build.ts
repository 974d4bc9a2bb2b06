import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles the main process and the preload into dist/main. The preload is fully self-contained:
 * a sandboxed preload may require nothing but 'electron'.
 */
await Promise.all([
  build({
    absWorkingDir: root,
    entryPoints: ['main/main.ts'],
    outfile: 'dist/main/main.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    sourcemap: true,
  }),
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
