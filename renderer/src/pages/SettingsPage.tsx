import type { Settings, SettingsPatch, Theme } from '../../../src/common/api';
import { useClient } from '../api/client-context';
import { NumberField, savePatch, Toggle } from '../components/settings/fields';
import { GpuSwitches, ProgramList } from '../components/settings/lists';
import { ScheduleEditor } from '../components/settings/ScheduleEditor';
import { WalletConnectSettings } from '../components/settings/WalletConnectSettings';
import { formatIdleMinutes, parseIdleMinutes, parseTemperatureC, parseThrottlePercent } from '../idle-rules';
import { useOnline, useStore } from '../state/store';
import { Loading } from '../components/Loading';

type Save = (patch: SettingsPatch) => Promise<string | null>;

function DesktopSettings({ settings, save, busy }: { settings: Settings; save: Save; busy: boolean }) {
  return (
    <section className="card" aria-labelledby="desktop-title">
      <h2 id="desktop-title">This computer</h2>
      <Toggle
        label="Start at login"
        hint="Start hidden in the tray when you log in, so idle time is never wasted."
        checked={settings.startAtLogin}
        disabled={busy}
        onChange={(startAtLogin) => void save({ startAtLogin })}
      />
      <label className="field">
        <strong>Updates</strong>
        <select
          value={settings.updateChannel}
          disabled={busy}
          onChange={(e) => void save({ updateChannel: e.target.value === 'beta' ? 'beta' : 'stable' })}
        >
          <option value="stable">Stable releases</option>
          <option value="beta">Beta releases (earlier, less tested)</option>
        </select>
      </label>
    </section>
  );
}

const themes: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Match the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

function Appearance({ settings, save, busy }: { settings: Settings; save: Save; busy: boolean }) {
  return (
    <section className="card" aria-labelledby="appearance-title">
      <h2 id="appearance-title">Appearance</h2>
      <fieldset className="plain" disabled={busy}>
        <legend>
          <strong>Theme</strong>
        </legend>
        {themes.map(({ value, label }) => (
          <label key={value} className="radio">
            <input type="radio" name="theme" checked={settings.theme === value} onChange={() => void save({ theme: value })} />
            {label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}

function WhenToMine({ settings, save, busy }: { settings: Settings; save: Save; busy: boolean }) {
  return (
    <section className="card" aria-labelledby="idle-title">
      <h2 id="idle-title">When to mine</h2>
      <Toggle
        label="Dedicated rig"
        hint="Nobody works at this machine: skip idle detection and mine whenever the other rules allow. Use it on servers and headless machines, which cannot report keyboard and mouse activity."
        checked={settings.dedicatedRig}
        disabled={busy}
        onChange={(dedicatedRig) => void save({ dedicatedRig })}
      />
      <NumberField
        label="Start after idle for"
        unit="minutes"
        hint={
          settings.dedicatedRig
            ? 'Not used while this is a dedicated rig.'
            : 'Mining starts once nobody has touched the keyboard or mouse for this long. 0 starts at once.'
        }
        engineText={formatIdleMinutes(settings.startAfterIdleSeconds)}
        parse={parseIdleMinutes}
        save={(startAfterIdleSeconds) => save({ startAfterIdleSeconds })}
        disabled={busy || settings.dedicatedRig}
      />
      <fieldset className="plain" disabled={busy || settings.dedicatedRig}>
        <legend>
          <strong>While you use this computer</strong>
        </legend>
        <label className="radio">
          <input type="radio" name="while-in-use" checked={settings.whileInUse === 'pause'} onChange={() => void save({ whileInUse: 'pause' })} />
          Pause mining, so the machine is all yours
        </label>
        <label className="radio">
          <input type="radio" name="while-in-use" checked={settings.whileInUse === 'throttle'} onChange={() => void save({ whileInUse: 'throttle' })} />
          Keep mining gently in the background
        </label>
      </fieldset>
      <NumberField
        label="Gentle mining uses"
        unit="% of each device"
        hint={
          settings.whileInUse === 'throttle'
            ? 'The share of time each device works while you use the computer, from 5 % to 95 %.'
            : 'Used only when you choose to keep mining gently while you use the computer.'
        }
        engineText={String(settings.throttlePercent)}
        parse={parseThrottlePercent}
        save={(throttlePercent) => save({ throttlePercent })}
        disabled={busy || settings.dedicatedRig || settings.whileInUse !== 'throttle'}
      />
    </section>
  );
}

function Protection({ settings, save, busy }: { settings: Settings; save: Save; busy: boolean }) {
  return (
    <section className="card" aria-labelledby="protect-title">
      <h2 id="protect-title">Protect this machine</h2>
      <Toggle
        label="Pause on battery"
        hint="On a laptop, mining waits until it is plugged in."
        checked={settings.pauseOnBattery}
        disabled={busy}
        onChange={(pauseOnBattery) => void save({ pauseOnBattery })}
      />
      <Toggle
        label="Pause while other programs are busy"
        hint="When other programs keep the processor or a GPU more than half busy, no new work starts until they are done. Off: a rig that should mine beside its other jobs."
        checked={settings.pauseForOtherLoad}
        disabled={busy}
        onChange={(pauseForOtherLoad) => void save({ pauseForOtherLoad })}
      />
      <NumberField
        label="Pause above"
        unit="°C"
        hint="When a GPU gets hotter than this, no new work starts until it has cooled a few degrees. Between 40 °C and 110 °C."
        engineText={String(settings.pauseAboveTemperatureC)}
        parse={parseTemperatureC}
        save={(pauseAboveTemperatureC) => save({ pauseAboveTemperatureC })}
        disabled={busy}
      />
    </section>
  );
}

export function SettingsPage() {
  const client = useClient();
  const settings = useStore((s) => s.engine?.settings);
  const hardware = useStore((s) => s.engine?.hardware);
  const wallet = useStore((s) => s.engine?.wallet);
  const online = useOnline();
  // Fields stay editable while a save is under way elsewhere: each keeps its own draft. Offline,
  // nothing can be saved, so nothing can be changed.
  const locked = !online;
  const desktop = useStore((s) => s.engine?.app.transport === 'electron');
  const save: Save = (patch) => savePatch(client, patch);

  return (
    <div className="page">
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      {!online && settings && (
        <p className="card offline" role="status">
          Offline: settings cannot be changed until the connection to the engine returns. What you typed is kept.
        </p>
      )}
      {!settings || !hardware ? (
        <Loading>Loading settings…</Loading>
      ) : (
        <>
          <WhenToMine settings={settings} save={save} busy={locked} />
          <Protection settings={settings} save={save} busy={locked} />
          <ScheduleEditor schedule={settings.schedule} save={(schedule) => save({ schedule })} disabled={locked} />
          <ProgramList programs={settings.pauseForProcesses} save={(pauseForProcesses) => save({ pauseForProcesses })} disabled={locked} />
          <section className="card" aria-labelledby="compute-title">
            <h2 id="compute-title">Compute</h2>
            <Toggle
              label="CPU mode"
              hint="Contribute processor time to the network, for machines without a supported GPU."
              checked={settings.cpuMode}
              disabled={locked}
              onChange={(cpuMode) => void save({ cpuMode })}
            />
            <GpuSwitches hardware={hardware} disabledIds={settings.disabledGpuIds} save={(disabledGpuIds) => save({ disabledGpuIds })} disabled={locked} />
          </section>
          {wallet?.configurable && <WalletConnectSettings settings={settings} wallet={wallet} save={save} disabled={locked} />}
          {desktop && <DesktopSettings settings={settings} save={save} busy={locked} />}
          <Appearance settings={settings} save={save} busy={locked} />
        </>
      )}
    </div>
  );
}
