import { useClient } from '../api/client-context';
import { run, useStore } from '../state/store';

/** The way on for machines without a qualifying GPU: contribute CPU time instead. */
export function CpuModeOffer() {
  const client = useClient();
  const cpuMode = useStore((s) => s.engine?.settings.cpuMode ?? false);
  const busy = useStore((s) => s.busy.updateSettings ?? false);
  const toggle = () => run('updateSettings', () => client.updateSettings({ cpuMode: !cpuMode }));

  return (
    <section className="card offer" aria-labelledby="cpu-mode-title">
      <h2 id="cpu-mode-title">{cpuMode ? 'CPU mode is on' : 'Contribute in CPU mode'}</h2>
      <p>
        {cpuMode
          ? 'This machine will contribute processor time to the network while you are away. CPU tasks are smaller and earn less than GPU tasks.'
          : 'You can still take part: in CPU mode this machine runs the network\u2019s smaller AI tasks on its processor while you are away, and earns PLEXAI for them (less than a supported GPU would).'}
      </p>
      <button type="button" className={cpuMode ? 'secondary' : 'primary'} onClick={toggle} disabled={busy}>
        {cpuMode ? 'Turn off CPU mode' : 'Contribute with CPU'}
      </button>
    </section>
  );
}
