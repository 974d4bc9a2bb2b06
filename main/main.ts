import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { createEngine } from '../src/engine/create-engine';
import { serveIpc } from './ipc';
import { createMainWindow, isOwnPage } from './window';

const rendererDir = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, 'preload.cjs');

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  const showWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow(rendererDir, preloadPath);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };
  app.on('second-instance', showWindow);

  app.whenReady().then(async () => {
    const { engine, warnings } = await createEngine({
      dataDir: app.getPath('userData'),
      appVersion: app.getVersion(),
      transport: 'electron',
    });
    for (const warning of warnings) console.warn(warning);
    const ipc = serveIpc(
      engine,
      (sender, frameUrl) => sender === mainWindow?.webContents && isOwnPage(frameUrl, rendererDir),
      () => mainWindow?.webContents ?? null,
    );
    app.on('will-quit', () => {
      ipc.dispose();
      engine.dispose();
    });
    showWindow();
    app.on('activate', showWindow);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
