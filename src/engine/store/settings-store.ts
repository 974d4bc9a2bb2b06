import { join } from 'node:path';
import { SettingsSchema, defaultSettings, type Settings, type SettingsPatch } from '../../common/api';
import { PlexError } from '../../common/errors';
import { readJsonFile, writeJsonFile } from './json-file';

/** The owner's settings, persisted in the data directory as settings.json. */
export class SettingsStore {
  private current: Settings = defaultSettings;
  private writes: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string) {}

  /** Loads the saved settings; a damaged file is set aside and named in `recovered`. */
  static async open(dataDir: string): Promise<{ store: SettingsStore; recovered: string | null }> {
    const store = new SettingsStore(join(dataDir, 'settings.json'));
    // Fields added by later versions get their defaults rather than failing the whole file.
    const schema = SettingsSchema.partial().transform((saved) => ({ ...defaultSettings, ...saved }));
    const { value, recovered } = await readJsonFile(store.path, schema, defaultSettings);
    store.current = value;
    return { store, recovered };
  }

  get(): Settings {
    return this.current;
  }

  /** Applies a validated patch; resolves once it is on disk, in the order patches arrived. */
  async update(patch: SettingsPatch): Promise<Settings> {
    const result = this.writes.then(async () => {
      const next = { ...this.current, ...patch };
      await writeJsonFile(this.path, next);
      this.current = next;
      return next;
    });
    this.writes = result.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await result;
    } catch (error) {
      throw new PlexError('SETTINGS_WRITE_FAILED', `Could not save settings to ${this.path}: ${(error as Error).message}`);
    }
  }
}
