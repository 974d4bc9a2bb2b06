/**
 * Runs every benchmark in bench/, one after another (they measure against baselines taken in the
 * same run, so running them side by side would skew both). Each prints one JSON line.
 * Run: npm run bench [-- name-fragment]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'run.ts' && f.includes(filter)).sort()) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`${file} exited with ${result.status}`);
  }
}
process.exit(failed ? 1 : 0);
