import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'PlexAi Miner';

/**
 * The per-user data directory, the same one Electron's `app.getPath('userData')` gives for our
 * product name, so the desktop app and the headless host share settings and history.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME);
}
