import { useId, useState, type ReactNode } from 'react';
import type { PlexApiClient, SettingsPatch } from '../../../../src/common/api';
import type { Parsed } from '../../idle-rules';
import { run, useStore } from '../../state/store';

/** Saves a patch; answers null when saved, else the reason, so a field can keep what was typed. */
export async function savePatch(client: PlexApiClient, patch: SettingsPatch): Promise<string | null> {
  const saved = await run('updateSettings', () => client.updateSettings(patch));
  return saved ? null : (useStore.getState().requestError ?? 'The engine did not answer.');
}

interface FieldProps<T> {
  label: string;
  unit?: string;
  hint: ReactNode;
  engineText: string;
  parse(text: string): Parsed<T>;
  save(value: T): Promise<string | null>;
  disabled?: boolean;
  /** Shown while the field is empty, e.g. the default that applies then. */
  placeholder?: string;
  inputMode?: 'decimal' | 'url' | 'text';
  /** A long value (an address, an id) rather than a number. */
  wide?: boolean;
}

/** A number saved on Enter or when focus leaves; see TextField. */
export function NumberField<T>(props: Omit<FieldProps<T>, 'inputMode' | 'wide'>) {
  return <TextField {...props} inputMode="decimal" />;
}

/**
 * A typed value saved on Enter or when focus leaves. What the owner typed stays in the field
 * until it is saved: an invalid value or a failed save shows why next to it and loses nothing.
 */
export function TextField<T>(props: FieldProps<T>) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const text = draft ?? props.engineText;

  const commit = async () => {
    if (draft === null || draft === props.engineText) {
      setDraft(null);
      setError(null);
      return;
    }
    const parsed = props.parse(draft);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setSaving(true);
    const failure = await props.save(parsed.value);
    setSaving(false);
    if (failure) setError(`Not saved: ${failure} Your value is kept; try again.`);
    else {
      setDraft(null);
      setError(null);
    }
  };

  return (
    <div className={props.wide ? 'field wide' : 'field'}>
      <label htmlFor={id}>
        <strong>{props.label}</strong>
      </label>
      <span className="with-unit">
        <input
          id={id}
          type="text"
          inputMode={props.inputMode ?? 'text'}
          spellCheck={props.wide ? false : undefined}
          autoComplete="off"
          placeholder={props.placeholder}
          value={text}
          disabled={props.disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(null);
          }}
          onBlur={() => void commit()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void commit();
            if (e.key === 'Escape') {
              setDraft(null);
              setError(null);
            }
          }}
        />
        {props.unit && <span aria-hidden="true">{props.unit}</span>}
        {saving && <span className="muted">Saving…</span>}
      </span>
      <span id={`${id}-hint`} className="hint">
        {props.hint}
      </span>
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** A switch saved at once; its name is the label alone, the explanation is its description. */
export function Toggle(props: { label: string; hint: ReactNode; checked: boolean; disabled?: boolean; onChange(checked: boolean): void }) {
  const id = useId();
  return (
    <div className="toggle">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={`${id}-hint`}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <span>
        <label htmlFor={id}>
          <strong>{props.label}</strong>
        </label>
        <span id={`${id}-hint`} className="hint">
          {props.hint}
        </span>
      </span>
    </div>
  );
}
