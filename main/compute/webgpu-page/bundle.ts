import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The compute window's files: its page, the script it runs and its preload, into `outDir`. */
export async function bundleComputePage(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const browser = { bundle: true, platform: 'browser', target: 'chrome140', sourcemap: true, logLevel: 'warning' } as const;
  await Promise.all([
    build({ ...browser, entryPoints: [join(here, 'page.ts')], outfile: join(outDir, 'page.js'), format: 'iife', minify: true }),
    // A sandboxed preload may require nothing but 'electron'.
    build({ ...browser, entryPoints: [join(here, 'preload.ts')], outfile: join(outDir, 'preload.cjs'), format: 'cjs', external: ['electron'] }),
    copyFile(join(here, 'compute.html'), join(outDir, 'compute.html')),
  ]);
}
