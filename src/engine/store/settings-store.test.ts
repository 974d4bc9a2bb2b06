import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultSettings } from '../../common/api';
import { SettingsStore } from './settings-store';

const freshDir = () => mkdtempSync(join(tmpdir(), 'plexai-settings-'));

describe('SettingsStore', () => {
  test('defaults first, then what the owner saved, across restarts', async () => {
    const dir = freshDir();
    const { store } = await SettingsStore.open(dir);
    expect(store.get()).toEqual(defaultSettings);
    await store.update({ cpuMode: true });
    const { store: reopened, recovered } = await SettingsStore.open(dir);
    expect(reopened.get()).toEqual({ ...defaultSettings, cpuMode: true });
    expect(recovered).toBeNull();
  });

  test('the WalletConnect relay and project id are kept across restarts; a file from before they existed gets them empty', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ cpuMode: true }));
    const { store } = await SettingsStore.open(dir);
    expect(store.get()).toMatchObject({ cpuMode: true, walletConnectRelayUrl: '', walletConnectProjectId: '' });
    const wc = { walletConnectRelayUrl: 'wss://relay.example.com', walletConnectProjectId: '0123456789abcdef0123456789abcdef' };
    await store.update(wc);
    expect((await SettingsStore.open(dir)).store.get()).toEqual({ ...defaultSettings, cpuMode: true, ...wc });
  });

  test('a damaged file is set aside, not destroyed, and defaults apply', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'settings.json'), '{"cpuMode": tru');
    const { store, recovered } = await SettingsStore.open(dir);
    expect(store.get()).toEqual(defaultSettings);
    expect(recovered).toMatch(/settings\.json\.corrupt-/);
    expect(readFileSync(recovered!, 'utf8')).toBe('{"cpuMode": tru');
  });

  test('updates arriving together are all kept, in order', async () => {
    const dir = freshDir();
    const { store } = await SettingsStore.open(dir);
    await Promise.all([store.update({ cpuMode: true }), store.update({ cpuMode: false }), store.update({ cpuMode: true })]);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ ...defaultSettings, cpuMode: true });
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  test('a write that fails reports SETTINGS_WRITE_FAILED and keeps the old value', async () => {
    const dir = freshDir();
    const { store } = await SettingsStore.open(join(dir, 'data'));
    writeFileSync(join(dir, 'data'), 'a file where the data directory should be');
    await expect(store.update({ cpuMode: true })).rejects.toMatchObject({ errorName: 'SETTINGS_WRITE_FAILED' });
    expect(store.get()).toEqual(defaultSettings);
  });
});
