import { app, BrowserWindow, Notification, powerMonitor, utilityProcess } from 'electron';
import { join } from 'node:path';
import { joinDevnet, readDevnetDescriptor } from '../src/devnet/descriptor';
import { devnetEarningsConfig } from '../src/devnet/earnings';
import { createDevnetWallet, devnetStakingConfig } from '../src/devnet/miner';
import { createEngine } from '../src/engine/create-engine';
import { DesktopSpawner } from './compute/desktop-spawner';
import { UtilityProcessSpawner } from './compute/utility-spawner';
import { WebGpuWindowSpawner } from './compute/webgpu-window';
import { WalletService, bscWalletOptions } from '../src/engine/wallet';
import { ElectronDesktop } from './desktop-integration';
import { desktopIdleTime } from './idle-time';
import { desktopPowerSource } from './power';
import { serveIpc } from './ipc';
import { launchedHidden } from './login/autostart';
import { NoticeLog } from './notice';
import { AppTray } from './tray/tray';
import { trayView, type TrayCommand } from './tray/view';
import { createMainWindow, isOwnPage } from './window';

const rendererDir = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, 'preload.cjs');
const iconsDir = join(__dirname, '..', '..', 'resources', 'icons');
const modelsDir = join(__dirname, '..', '..', 'resources', 'models');
const workerEntry = join(__dirname, 'worker-main.cjs');

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  let quitting = false;

  app.whenReady().then(async () => {
    const dataDir = app.getPath('userData');
    const desktop = new ElectronDesktop(app.getVersion());
    // Started by `plexai devnet` / `npm start`: join the local network it describes.
    const devnetFile = process.env.PLEXAI_DEVNET;
    const descriptor = devnetFile ? await readDevnetDescriptor(devnetFile) : null;
    const wallet = descriptor ? await createDevnetWallet(descriptor, dataDir) : await WalletService.create(bscWalletOptions(dataDir));
    const power = desktopPowerSource(powerMonitor);
    const { engine, warnings } = await createEngine({
      dataDir,
      appVersion: app.getVersion(),
      transport: 'electron',
      desktop,
      modelsDir,
      spawner: new DesktopSpawner(
        new UtilityProcessSpawner((path, options) => utilityProcess.fork(path, [], options), workerEntry),
        new WebGpuWindowSpawner({ html: join(__dirname, 'webgpu-page', 'compute.html'), preload: join(__dirname, 'webgpu-page', 'preload.cjs') }),
      ),
      idleTime: desktopIdleTime(powerMonitor),
      ...(power ? { power } : {}),
      webgpu: true,
      wallet,
      ...(descriptor ? { staking: devnetStakingConfig(descriptor) } : {}),
      ...(descriptor ? { earnings: devnetEarningsConfig(descriptor) } : {}),
    });
    // The engine owns the settings; the login item and update channel follow what it loaded.
    await desktop.applySettings(engine.state().settings);
    if (devnetFile) await joinDevnet(engine, wallet, { dataDir, descriptorFile: devnetFile });
    for (const warning of warnings) console.warn(warning);
    const notices = await NoticeLog.open(dataDir);

    const showWindow = () => {
      if (!mainWindow || mainWindow.isDestroyed()) {
        mainWindow = createMainWindow(rendererDir, preloadPath);
        // Closing the window keeps the miner working in the tray; only Quit ends it.
        mainWindow.on('close', (event) => {
          if (quitting) return;
          event.preventDefault();
          mainWindow?.hide();
          void notices.firstTime('closed-to-tray').then((first) => {
            if (first && Notification.isSupported()) {
              new Notification({
                title: 'PlexAi Miner is still running',
                body: 'It keeps earning in the background. Open it or quit from the tray icon.',
              }).show();
            }
          });
        });
      }
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.show();
      mainWindow.focus();
    };
    app.on('second-instance', showWindow);
    app.on('activate', showWindow);

    const run = (command: TrayCommand) => {
      const calls: Record<TrayCommand, () => unknown> = {
        open: showWindow,
        start: () => engine.api.startMining({}),
        stop: () => engine.api.stopMining({}),
        'snooze-1h': () => engine.api.snooze({ minutes: 60 }),
        'cancel-snooze': () => engine.api.updateSettings({ snoozeUntil: null }),
        'restart-to-update': async () => {
          const decision = await engine.api.restartToUpdate({ consent: false });
          // Asking needs the window: the UI shows the question with the exact stakes.
          if (decision.action !== 'restart') showWindow();
        },
        quit: () => app.quit(),
      };
      Promise.resolve(calls[command]()).catch((error: Error) => console.error(`Tray command ${command} failed: ${error.message}`));
    };
    const tray = new AppTray(iconsDir, run);
    const redraw = () => {
      const state = engine.state();
      tray.show(trayView({ mining: state.mining, snoozeUntil: state.settings.snoozeUntil, update: state.update ?? { state: 'idle', lastCheckedAt: null }, now: new Date() }));
    };
    engine.onDidChangeState(redraw);
    redraw();

    const ipc = serveIpc(
      engine,
      (sender, frameUrl) => sender === mainWindow?.webContents && isOwnPage(frameUrl, rendererDir),
      () => mainWindow?.webContents ?? null,
    );
    app.on('before-quit', () => {
      quitting = true;
    });
    app.on('will-quit', () => {
      ipc.dispose();
      tray.dispose();
      desktop.dispose();
      engine.dispose();
      power?.dispose();
    });

    desktop.start();
    if (!launchedHidden(process.argv, app.getLoginItemSettings().wasOpenedAtLogin)) showWindow();
  });

  // The tray keeps the app alive with every window closed, on every platform.
  app.on('window-all-closed', () => undefined);
}
