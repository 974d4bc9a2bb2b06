import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from './paths';

/**
 * Finds the Electron binary that `npm ci` may or may not have been able to download (its
 * installer fetches it from GitHub), and whether this session has a display to show it on.
 */
export function findElectron(env: NodeJS.ProcessEnv = process.env): { binary: string } | { unavailable: string } {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { unavailable: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const binary = existsSync(pathFile) ? join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
  if (!binary || !existsSync(binary)) {
    return { unavailable: 'its binary was not downloaded (run `node node_modules/electron/install.js` where GitHub is reachable)' };
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { unavailable: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { binary };
}

/**
 * Starts the desktop app (with `env` added to ours) and resolves with its exit code; `stop` ends
 * it (SIGTERM) and still resolves once it has exited, so no app outlives the command.
 */
export function runElectron(binary: string, env: Record<string, string> = {}, stop?: AbortSignal): Promise<number> {
  const child = spawn(binary, [packageRoot], { stdio: 'inherit', env: { ...process.env, ...env } });
  const kill = () => child.kill('SIGTERM');
  stop?.addEventListener('abort', kill, { once: true });
  return new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  }).finally(() => stop?.removeEventListener('abort', kill));
}
