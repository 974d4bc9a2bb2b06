import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { Disposable } from '../../src/common/lifecycle';
import type { TrayStateName } from './palette';
import { trayIconFile, type TrayCommand, type TrayView } from './view';

/** The tray icon and its menu, redrawn from a TrayView; on macOS a monochrome template image per state. */
export class AppTray implements Disposable {
  private readonly tray: Tray;
  private lastIcon: string | null = null;

  constructor(
    private readonly iconsDir: string,
    private readonly onCommand: (command: TrayCommand) => void,
  ) {
    this.tray = new Tray(this.image('paused'));
    this.tray.on('click', () => onCommand('open'));
  }

  show(view: TrayView): void {
    if (view.icon !== this.lastIcon) {
      this.tray.setImage(this.image(view.icon));
      this.lastIcon = view.icon;
    }
    this.tray.setToolTip(view.tooltip);
    const template: MenuItemConstructorOptions[] = view.menu.map((item) => {
      if ('separator' in item) return { type: 'separator' };
      if ('disabled' in item) return { label: item.label, enabled: false };
      return { label: item.label, click: () => this.onCommand(item.command) };
    });
    this.tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  private image(state: TrayStateName) {
    const image = nativeImage.createFromPath(join(this.iconsDir, trayIconFile(state, process.platform)));
    if (process.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }

  dispose(): void {
    this.tray.destroy();
  }
}
