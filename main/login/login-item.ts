import { app } from 'electron';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { HIDDEN_ARG, linuxAutostartEntry } from './autostart';

/** Turns start-at-login on or off the way each OS does it; the app then starts hidden in the tray. */
export async function applyStartAtLogin(enabled: boolean): Promise<void> {
  if (process.platform === 'linux') {
    const entry = linuxAutostartEntry({ env: process.env, execPath: process.execPath, home: homedir() });
    if (enabled) {
      await mkdir(dirname(entry.path), { recursive: true });
      await writeFile(entry.path, entry.contents, 'utf8');
    } else {
      await rm(entry.path, { force: true });
    }
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
}
