import { useEffect, useRef } from 'react';
import type { Settings, SettingsPatch, WalletState } from '../../../../src/common/api';
import { PROJECT_ID_SOURCE } from '../../../../src/common/walletconnect';
import { parseProjectId, parseRelayUrl } from '../../wallet';
import { TextField } from './fields';

/** Set by the wallet page's "Set up WalletConnect" button: the section shows itself when it opens. */
let revealOnOpen = false;

/** Opens Settings at the WalletConnect section, its first field focused. */
export function openWalletConnectSettings(goTo: (page: 'settings') => void): void {
  revealOnOpen = true;
  goTo('settings');
}

/** The relay and project id WalletConnect uses; the engine re-creates its client when they change. */
export function WalletConnectSettings({
  settings,
  wallet,
  save,
  disabled,
}: {
  settings: Settings;
  wallet: WalletState;
  save(patch: SettingsPatch): Promise<string | null>;
  disabled: boolean;
}) {
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!revealOnOpen) return;
    revealOnOpen = false;
    section.current?.scrollIntoView({ block: 'start' });
    section.current?.querySelector('input')?.focus();
  }, []);
  const defaultRelay = settings.walletConnectRelayUrl === '' ? wallet.relayUrl : null;
  return (
    <section className="card" aria-labelledby="walletconnect-title" ref={section}>
      <h2 id="walletconnect-title">WalletConnect</h2>
      <p className="hint">
        Your phone wallet talks to this miner through a WalletConnect relay. Changes apply at once; a connected wallet stays connected unless you change the
        relay.
      </p>
      <TextField
        label="Project ID"
        wide
        hint={
          <>
            WalletConnect knows apps by a project id. Get one free: sign in at{' '}
            <a href={`https://${PROJECT_ID_SOURCE}`} target="_blank" rel="noreferrer">
              {PROJECT_ID_SOURCE}
            </a>
            , create a project, and copy its Project ID (32 characters) here.
            {wallet.available || settings.walletConnectProjectId !== '' ? '' : ' Until then your phone wallet cannot connect.'}
          </>
        }
        engineText={settings.walletConnectProjectId}
        placeholder="Not set"
        parse={parseProjectId}
        save={(walletConnectProjectId) => save({ walletConnectProjectId })}
        disabled={disabled}
      />
      <TextField
        label="Relay URL"
        wide
        inputMode="url"
        hint={
          defaultRelay
            ? `Leave empty to use the default relay, ${defaultRelay}. A relay address starts with wss:// (ws:// only for a relay on this computer).`
            : 'Empty it to use the default relay again. A relay address starts with wss:// (ws:// only for a relay on this computer).'
        }
        engineText={settings.walletConnectRelayUrl}
        placeholder={wallet.relayUrl ?? 'wss://…'}
        parse={parseRelayUrl}
        save={(walletConnectRelayUrl) => save({ walletConnectRelayUrl })}
        disabled={disabled}
      />
    </section>
  );
}
