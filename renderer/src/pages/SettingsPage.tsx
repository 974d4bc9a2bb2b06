import { useClient } from '../api/client-context';
import { run, useStore } from '../state/store';

export function SettingsPage() {
  const client = useClient();
  const settings = useStore((s) => s.engine?.settings);
  const busy = useStore((s) => s.busy.updateSettings ?? false);

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
        <section className="card" aria-labelledby="compute-title">
          <h2 id="compute-title">Compute</h2>
          <label className="toggle">
            <input
              type="checkbox"
              checked={settings.cpuMode}
              disabled={busy}
              onChange={(e) => run('updateSettings', () => client.updateSettings({ cpuMode: e.target.checked }))}
            />
            <span>
              <strong>CPU mode</strong>
              <br />
              Contribute processor time to the network, for machines without a supported GPU.
            </span>
          </label>
        </section>
      )}
    </div>
  );
}
