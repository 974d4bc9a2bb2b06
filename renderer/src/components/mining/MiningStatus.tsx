import { useRef } from 'react';
import type { MiningState, PauseReason, Settings } from '../../../../src/common/api';
import type { HardwareReport } from '../../../../src/common/hardware';
import { activityOf, describeMode, type Activity } from '../../../../src/common/mining-status';
import { useClient } from '../../api/client-context';
import { formatClock, formatMinutes } from '../../format';
import { useNow } from '../../hooks/use-now';
import { activeSnooze, describeWindow } from '../../idle-rules';
import { run, useOnline, useStore } from '../../state/store';
import { Toggle } from '../settings/fields';

export interface Status {
  words: string;
  activity: Activity;
  /** The engine's reason code, or the mode when work is issued. */
  key: PauseReason | 'full' | 'throttled';
}

export function statusOf(mining: MiningState): Status {
  const { running, mode } = mining;
  return {
    words: describeMode(running, mode),
    activity: activityOf(running, mode),
    key: mode.kind === 'paused' ? mode.reason : running ? mode.kind : 'stopped',
  };
}

/**
 * The way on from the status: a button that, once it worked, changes the status and so disappears.
 * `onResolved` then takes the keyboard focus to the new status, which is read out, where it would
 * otherwise fall back to the top of the page.
 */
function WayOn({ status, settings, report, onResolved }: { status: Status; settings: Settings; report: HardwareReport | null; onResolved: () => void }) {
  const client = useClient();
  const online = useOnline();
  const goTo = useStore((s) => s.goTo);
  const busy = useStore((s) => s.busy.updateSettings ?? false) || !online;
  const save = (patch: Partial<Settings>) => run('updateSettings', () => client.updateSettings(patch));
  const resolve = async (patch: Partial<Settings>) => {
    if (await save(patch)) onResolved();
  };
  const toSettings = (
    <button type="button" className="link" onClick={() => goTo('settings')}>
      Change this in Settings
    </button>
  );

  switch (status.key) {
    case 'full':
      return <p>Tasks from the network run on every enabled device while the rules in Settings allow.</p>;
    case 'throttled':
      return (
        <p>
          Someone is using this computer, so each device works {settings.throttlePercent} % of the time and leaves the rest to you. {toSettings}
        </p>
      );
    case 'stopped':
      return <p>Press Start and this machine works for the network while you are away, within the rules in Settings.</p>;
    case 'in-use':
      return (
        <p>
          Mining starts after {formatMinutes(settings.startAfterIdleSeconds)} without keyboard or mouse input, and pauses again as soon as you come
          back. {toSettings}
        </p>
      );
    case 'idle-unknown':
      return (
        <>
          <p>
            This system cannot report keyboard and mouse activity, which is usual on servers and headless machines, so the miner cannot tell
            whether someone is using it. If nobody works at this machine, mark it as a dedicated rig: it then mines whenever the other rules
            allow.
          </p>
          <button type="button" className="primary" disabled={busy} onClick={() => void resolve({ dedicatedRig: true })}>
            Mark as dedicated rig
          </button>
        </>
      );
    case 'on-battery':
      return (
        <>
          <p>Mining resumes when this computer is plugged in.</p>
          <button type="button" className="secondary" disabled={busy} onClick={() => void resolve({ pauseOnBattery: false })}>
            Mine on battery too
          </button>
        </>
      );
    case 'too-hot':
      return (
        <p>
          A GPU is above your limit of {settings.pauseAboveTemperatureC} °C. Mining resumes by itself once it has cooled a few degrees below
          it. {toSettings}
        </p>
      );
    case 'busy-gpu':
    case 'busy-cpu':
      return (
        <>
          <p>
            {status.key === 'busy-gpu' ? 'Another program is keeping the GPU busy' : 'Other programs are keeping the processor busy'}; mining
            resumes by itself when they are done, so your work is never slowed.
          </p>
          <button type="button" className="secondary" disabled={busy} onClick={() => void resolve({ pauseForOtherLoad: false })}>
            Mine beside other programs
          </button>
        </>
      );
    case 'listed-process':
      return (
        <p>
          One of the programs you listed is running ({settings.pauseForProcesses.join(', ')}); mining resumes when it closes. {toSettings}
        </p>
      );
    case 'full-screen':
      return (
        <>
          <p>A program fills the screen, a game or a film perhaps; mining resumes when it leaves full screen.</p>
          <button type="button" className="secondary" disabled={busy} onClick={() => void resolve({ pauseForFullScreen: false })}>
            Mine during full screen too
          </button>
        </>
      );
    case 'outside-schedule':
      return (
        <p>
          Your schedule allows mining {settings.schedule.map(describeWindow).join('; ')}. {toSettings}
        </p>
      );
    case 'snoozed':
      return <p>You snoozed mining; it resumes by itself when the snooze ends, or cancel it below.</p>;
    case 'no-device': {
      const supported = report?.gpus.filter((g) => g.verdict.supported) ?? [];
      if (supported.length > 0) {
        return (
          <>
            <p>All of this machine’s supported GPUs are switched off.</p>
            <button type="button" className="secondary" onClick={() => goTo('settings')}>
              Choose GPUs in Settings
            </button>
          </>
        );
      }
      return (
        <>
          <p>This machine has no supported GPU. In CPU mode it runs the network’s smaller tasks on its processor instead.</p>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={async () => {
              // One press does what the owner asked for: CPU mode on, then the Start that failed.
              if ((await save({ cpuMode: true })) && (await run('startMining', () => client.startMining({})))) onResolved();
            }}
          >
            Turn on CPU mode and start
          </button>
        </>
      );
    }
  }
}

function Snooze({ settings }: { settings: Settings }) {
  const client = useClient();
  const online = useOnline();
  const now = useNow(15_000);
  const busy = useStore((s) => (s.busy.snooze ?? false) || (s.busy.updateSettings ?? false)) || !online;
  const until = activeSnooze(settings, now);
  const options = [
    { minutes: 30, label: '30 minutes' },
    { minutes: 60, label: '1 hour' },
    { minutes: 120, label: '2 hours' },
  ] as const;

  return (
    <div className="snooze" role="group" aria-labelledby="snooze-title">
      <h3 id="snooze-title">Snooze</h3>
      {until ? (
        <>
          <p>Snoozed until {formatClock(until)}.</p>
          <button type="button" className="secondary" disabled={busy} onClick={() => void run('updateSettings', () => client.updateSettings({ snoozeUntil: null }))}>
            Cancel snooze
          </button>
        </>
      ) : (
        <>
          <p>Need the full machine for a while? Pause mining and let it resume by itself.</p>
          {/* Named by their visible words alone, inside the Snooze group: a speech user says what they see. */}
          <div className="button-row">
            {options.map((o) => (
              <button
                key={o.minutes}
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() => void run('snooze', () => client.snooze({ minutes: o.minutes }))}
              >
                {o.label}
              </button>
            ))}
          </div>
        </>
      )}
    </div>
  );
}

/** The full-screen rule, or, where this system cannot tell, that it cannot and what to do instead. */
function FullScreenRule({ settings, unsupported }: { settings: Settings; unsupported: string | null }) {
  const client = useClient();
  const online = useOnline();
  const goTo = useStore((s) => s.goTo);
  const busy = useStore((s) => s.busy.updateSettings ?? false) || !online;
  return (
    <div className="status-rule" role="group" aria-labelledby="full-screen-title">
      <h3 id="full-screen-title">Full-screen programs</h3>
      {unsupported ? (
        <>
          <p className="muted">{unsupported}</p>
          <button type="button" className="link" onClick={() => goTo('settings')}>
            List programs in Settings
          </button>
        </>
      ) : (
        <Toggle
          label="Pause while a program runs full screen"
          hint="A game, a film or a presentation filling the screen pauses mining until it leaves full screen."
          checked={settings.pauseForFullScreen}
          disabled={busy}
          onChange={(pauseForFullScreen) => void run('updateSettings', () => client.updateSettings({ pauseForFullScreen }))}
        />
      )}
    </div>
  );
}

/** The headline of the Mining page: what the miner does now, why, and the way on. */
export function MiningStatus({ mining, settings, report }: { mining: MiningState; settings: Settings; report: HardwareReport | null }) {
  const status = statusOf(mining);
  const statusLine = useRef<HTMLDivElement>(null);
  return (
    <section className={`card status-card ${status.activity}`} aria-labelledby="status-title">
      <h2 id="status-title" className="visually-hidden">
        Status
      </h2>
      {/* tabIndex -1: not a Tab stop, but where the focus goes once a way-on button did its work. */}
      <div className="status-line" role="status" aria-live="polite" aria-label="Mining status" tabIndex={-1} ref={statusLine}>
        <span className={`status-dot ${status.activity}`} aria-hidden="true" />
        <strong>{status.words}</strong>
      </div>
      <div className="status-detail">
        <WayOn status={status} settings={settings} report={report} onResolved={() => statusLine.current?.focus()} />
      </div>
      <Snooze settings={settings} />
      <FullScreenRule settings={settings} unsupported={mining.fullScreenUnsupported} />
    </section>
  );
}
