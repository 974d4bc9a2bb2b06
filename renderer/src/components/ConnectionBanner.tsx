import { useStore } from '../state/store';

/**
 * Says plainly when the UI cannot reach the engine, and what the owner can do about it. Each
 * message sits in one span: the banner lays out its children as a row (text, then actions).
 */
export function ConnectionBanner() {
  const connection = useStore((s) => s.connection);
  switch (connection) {
    case 'connected':
      return null;
    case 'connecting':
      return (
        <div className="banner info" role="status">
          <span className="loading">
            <span className="spinner" aria-hidden="true" /> Connecting to the PlexAi engine…
          </span>
        </div>
      );
    case 'reconnecting':
      return (
        <div className="banner warning" role="alert">
          <span>
            <strong>Disconnected from the PlexAi engine.</strong> Reconnecting… If you stopped it, start it again with <code>npm start</code>.
          </span>
          <span className="spinner" aria-hidden="true" />
        </div>
      );
    case 'unauthorized':
    case 'no-token':
      return (
        <div className="banner error" role="alert">
          <span>
            <strong>{connection === 'no-token' ? 'This page was opened without its access token.' : 'The access token in this link was refused.'}</strong>{' '}
            Open the full URL that <code>npm start</code> printed (it ends in <code>#token=…</code>); the token changes every time the miner starts.
          </span>
        </div>
      );
  }
}
