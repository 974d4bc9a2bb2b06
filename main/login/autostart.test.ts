import { describe, expect, test } from 'vitest';
import { launchedHidden, linuxAutostartEntry } from './autostart';

describe('linuxAutostartEntry', () => {
  test('a deb install starts its binary hidden from ~/.config/autostart', () => {
    const entry = linuxAutostartEntry({ env: {}, execPath: '/opt/PlexAi Miner/plexai-miner', home: '/home/ana' });
    expect(entry.path).toBe('/home/ana/.config/autostart/plexai-miner.desktop');
    expect(entry.contents).toContain('Exec="/opt/PlexAi Miner/plexai-miner" --hidden\n');
    expect(entry.contents.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
  });

  test('an AppImage starts through $APPIMAGE, honouring XDG_CONFIG_HOME', () => {
    const entry = linuxAutostartEntry({
      env: { APPIMAGE: '/home/ana/Apps/PlexAi-Miner-1.4.0.AppImage', XDG_CONFIG_HOME: '/home/ana/.cfg' },
      execPath: '/tmp/.mount_PlexAi123/plexai-miner',
      home: '/home/ana',
    });
    expect(entry.path).toBe('/home/ana/.cfg/autostart/plexai-miner.desktop');
    expect(entry.contents).toContain('Exec=/home/ana/Apps/PlexAi-Miner-1.4.0.AppImage --hidden\n');
  });

  test('characters special to Exec are escaped inside quotes', () => {
    const entry = linuxAutostartEntry({ env: {}, execPath: '/opt/a "b"/$x', home: '/h' });
    expect(entry.contents).toContain('Exec="/opt/a \\"b\\"/\\$x" --hidden');
  });
});

test.for([
  [['/app'], false, false],
  [['/app', '--hidden'], false, true],
  [['/app'], true, true],
] as const)('launchedHidden(%j, openedAtLogin=%s) → %s', ([argv, atLogin, expected]) => {
  expect(launchedHidden(argv, atLogin)).toBe(expected);
});
