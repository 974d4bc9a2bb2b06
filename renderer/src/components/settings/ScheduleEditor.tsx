import { useId, useState } from 'react';
import type { ScheduleWindow } from '../../../../src/common/api';
import { dayNames, describeWindow, draftOf, parseWindow, type WindowDraft } from '../../idle-rules';

const shortDay = (d: number) => dayNames[d]!.slice(0, 3);

function WindowRow({ index, draft, error, onChange, onRemove, disabled }: {
  index: number;
  draft: WindowDraft;
  error: string | null;
  onChange(draft: WindowDraft): void;
  onRemove(): void;
  disabled: boolean;
}) {
  const id = useId();
  const toggleDay = (day: number, on: boolean) =>
    onChange({ ...draft, days: on ? [...draft.days, day].sort((a, b) => a - b) : draft.days.filter((d) => d !== day) });
  return (
    <fieldset className="window" aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>Window {index + 1}</legend>
      <div className="days">
        {dayNames.map((name, day) => (
          <label key={name} className="day">
            <input type="checkbox" aria-label={name} checked={draft.days.includes(day)} disabled={disabled} onChange={(e) => toggleDay(day, e.target.checked)} />
            <span aria-hidden="true">{shortDay(day)}</span>
          </label>
        ))}
      </div>
      <div className="times">
        <label>
          From <input type="time" value={draft.start} disabled={disabled} onChange={(e) => onChange({ ...draft, start: e.target.value })} />
        </label>
        <label>
          Until <input type="time" value={draft.end} disabled={disabled} onChange={(e) => onChange({ ...draft, end: e.target.value })} />
        </label>
        <button type="button" className="secondary" disabled={disabled} onClick={onRemove} aria-label={`Remove window ${index + 1}`}>
          Remove
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/**
 * The weekly schedule: windows are edited as a draft and saved together, because one half-made
 * window (no day ticked yet) must not reach the engine, and must not be lost either.
 */
export function ScheduleEditor({ schedule, save, disabled }: { schedule: ScheduleWindow[]; save(schedule: ScheduleWindow[]): Promise<string | null>; disabled: boolean }) {
  const [drafts, setDrafts] = useState<WindowDraft[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const rows = drafts ?? schedule.map(draftOf);
  const parsed = rows.map(parseWindow);
  const valid = parsed.every((p) => p.ok);
  const edit = (next: WindowDraft[]) => {
    setDrafts(next);
    setFailure(null);
  };

  const submit = async () => {
    if (!valid) return;
    const failed = await save(parsed.map((p) => (p as { ok: true; value: ScheduleWindow }).value));
    if (failed) setFailure(`Not saved: ${failed} Your windows are kept; try again.`);
    else setDrafts(null);
  };

  return (
    <section className="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">Weekly schedule</h2>
      <p className="hint">
        {schedule.length === 0
          ? 'No schedule: mining may run at any time the other rules allow.'
          : `Mining may run only ${schedule.map(describeWindow).join('; ')}.`}{' '}
        A window that ends before it starts runs past midnight into the next day.
      </p>
      {rows.map((draft, i) => (
        <WindowRow
          key={i}
          index={i}
          draft={draft}
          error={parsed[i]!.ok ? null : (parsed[i] as { error: string }).error}
          disabled={disabled}
          onChange={(next) => edit(rows.map((r, j) => (j === i ? next : r)))}
          onRemove={() => edit(rows.filter((_, j) => j !== i))}
        />
      ))}
      <div className="button-row">
        <button type="button" className="secondary" disabled={disabled || rows.length >= 64} onClick={() => edit([...rows, { days: [1, 2, 3, 4, 5], start: '22:00', end: '07:00' }])}>
          Add a window
        </button>
        {drafts && (
          <>
            <button type="button" className="primary" disabled={disabled || !valid} onClick={() => void submit()}>
              Save schedule
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setDrafts(null);
                setFailure(null);
              }}
            >
              Discard changes
            </button>
          </>
        )}
      </div>
      {drafts && !valid && <p className="field-error">Fix the windows marked above to save.</p>}
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
