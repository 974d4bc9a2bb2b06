import { BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mayOpenExternally } from './external-links';

/**
 * The main window, locked down: isolated and sandboxed renderer without Node, no navigation away
 * from our page, no new windows (links to the explorers and WalletConnect's dashboard open in the system browser), no permissions.
 */
export function createMainWindow(rendererDir: string, preloadPath: string): BrowserWindow {
  const indexUrl = pathToFileURL(join(rendererDir, 'index.html')).toString();
  const window = new BrowserWindow({
    width: 1180,
    height: 780,
    minWidth: 860,
    minHeight: 560,
    show: false,
    title: 'PlexAi Miner',
    backgroundColor: '#0f1117',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });

  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== indexUrl) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (mayOpenExternally(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(indexUrl);
  return window;
}

export function isOwnPage(frameUrl: string | undefined, rendererDir: string): boolean {
  if (!frameUrl) return false;
  return frameUrl.split('#')[0] === pathToFileURL(join(rendererDir, 'index.html')).toString();
}
