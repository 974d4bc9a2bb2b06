import { useId, useState } from 'react';
import type { HardwareState } from '../../../../src/common/api';
import { parseProcessName } from '../../idle-rules';
import { Loading } from '../Loading';

/** Linux keeps only this many characters of a program's name in /proc/<pid>/comm. */
const LINUX_COMM_LENGTH = 15;

/** Programs whose presence pauses mining: each added or removed is saved at once. */
export function ProgramList({ programs, save, disabled }: { programs: string[]; save(programs: string[]): Promise<string | null>; disabled: boolean }) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const add = async () => {
    const parsed = parseProcessName(text, programs);
    if (!parsed.ok) return setError(parsed.error);
    const failed = await save([...programs, parsed.value]);
    if (failed) setError(`Not saved: ${failed}`);
    else setText('');
  };
  const remove = async (name: string) => {
    const failed = await save(programs.filter((p) => p !== name));
    setError(failed ? `Not saved: ${failed}` : null);
  };

  return (
    <section className="card" aria-labelledby="programs-title">
      <h2 id="programs-title">Programs that pause mining</h2>
      <p className="hint">
        While any of these runs (a game, a render tool), no new work starts. Enter the name as your system’s task list shows it, such as{' '}
        <code>steam</code> or <code>blender</code>; case does not matter.
      </p>
      {programs.length === 0 ? (
        <p className="muted">No programs listed.</p>
      ) : (
        <ul className="chips" aria-label="Programs that pause mining">
          {programs.map((name) => (
            <li key={name}>
              <code>{name}</code>
              <button type="button" className="link" disabled={disabled} aria-label={`Remove ${name}`} onClick={() => void remove(name)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label htmlFor={id}>Program name</label>
        <input
          id={id}
          value={text}
          disabled={disabled}
          maxLength={128}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="secondary" disabled={disabled}>
          Add
        </button>
      </form>
      {text.trim().length > LINUX_COMM_LENGTH && !error && (
        <p className="hint">Linux shows only the first {LINUX_COMM_LENGTH} characters of a program’s name; a longer name may never match there.</p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** One switch per GPU from the hardware report; unsupported ones are shown, with why, but cannot be switched on. */
export function GpuSwitches({ hardware, disabledIds, save, disabled }: {
  hardware: HardwareState;
  disabledIds: string[];
  save(ids: string[]): Promise<string | null>;
  disabled: boolean;
}) {
  const base = useId();
  const [error, setError] = useState<string | null>(null);
  if (hardware.status === 'detecting') {
    return (
      <Loading inline>Checking your GPUs…</Loading>
    );
  }
  if (hardware.status === 'failed') return <p className="verdict no">GPUs cannot be listed: {hardware.error}</p>;
  const gpus = hardware.report.gpus;
  if (gpus.length === 0) return <p className="muted">No graphics card was found in this machine, so there is nothing to switch here.</p>;

  const set = async (gpuId: string, on: boolean) => {
    const next = on ? disabledIds.filter((id) => id !== gpuId) : [...disabledIds, gpuId];
    setError(await save(next));
  };
  return (
    <fieldset className="plain">
      <legend>
        <strong>GPUs used for mining</strong>
      </legend>
      {gpus.map((gpu, i) => (
        <div key={gpu.id} className="toggle">
          <input
            id={`${base}-${i}`}
            type="checkbox"
            checked={gpu.verdict.supported && !disabledIds.includes(gpu.id)}
            disabled={disabled || !gpu.verdict.supported}
            aria-describedby={`${base}-${i}-why`}
            onChange={(e) => void set(gpu.id, e.target.checked)}
          />
          <span>
            <label htmlFor={`${base}-${i}`}>
              <strong>{gpu.model}</strong>
            </label>
            <span id={`${base}-${i}-why`} className="hint">
              {gpu.verdict.reason}
            </span>
          </span>
        </div>
      ))}
      {error && (
        <p className="field-error" role="alert">
          Not saved: {error}
        </p>
      )}
    </fieldset>
  );
}
