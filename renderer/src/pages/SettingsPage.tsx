import type { Settings, SettingsPatch } from '../../../src/common/api';
import { useClient } from '../api/client-context';
import { run, useStore } from '../state/store';

function DesktopSettings({ settings, save, busy }: { settings: Settings; save: (patch: SettingsPatch) => void; busy: boolean }) {
  return (
    <section className="card" aria-labelledby="desktop-title">
      <h2 id="desktop-title">This computer</h2>
      <label className="toggle">
        <input type="checkbox" checked={settings.startAtLogin} disabled={busy} onChange={(e) => save({ startAtLogin: e.target.checked })} />
        <span>
          <strong>Start at login</strong>
          <br />
          Start hidden in the tray when you log in, so idle time is never wasted.
        </span>
      </label>
      <label className="field">
        <strong>Updates</strong>
        <select
          value={settings.updateChannel}
          disabled={busy}
          onChange={(e) => save({ updateChannel: e.target.value === 'beta' ? 'beta' : 'stable' })}
        >
          <option value="stable">Stable releases</option>
          <option value="beta">Beta releases (earlier, less tested)</option>
        </select>
      </label>
    </section>
  );
}

export function SettingsPage() {
  const client = useClient();
  const settings = useStore((s) => s.engine?.settings);
  const busy = useStore((s) => s.busy.updateSettings ?? false);
  const desktop = useStore((s) => s.engine?.app.transport === 'electron');
  const save = (patch: SettingsPatch) => void run('updateSettings', () => client.updateSettings(patch));

  return (
    <div className="page">
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      {!settings ? (
        <div className="card loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading settings…
        </div>
      ) : (
        <>
          <section className="card" aria-labelledby="compute-title">
            <h2 id="compute-title">Compute</h2>
            <label className="toggle">
              <input type="checkbox" checked={settings.cpuMode} disabled={busy} onChange={(e) => save({ cpuMode: e.target.checked })} />
              <span>
                <strong>CPU mode</strong>
                <br />
                Contribute processor time to the network, for machines without a supported GPU.
              </span>
            </label>
          </section>
          {desktop && <DesktopSettings settings={settings} save={save} busy={busy} />}
        </>
      )}
    </div>
  );
}
