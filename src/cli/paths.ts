import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root, found from this file's place under src/cli. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const rendererDir = join(packageRoot, 'dist', 'renderer');

export function assertRendererBuilt(): void {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The UI is not built (${rendererDir} has no index.html): run \`npm run build\`; \`npm start\` does it for you.`);
  }
}
