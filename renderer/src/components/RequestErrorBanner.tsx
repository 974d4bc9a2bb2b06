import { useStore } from '../state/store';

export function RequestErrorBanner() {
  const message = useStore((s) => s.requestError);
  if (!message) return null;
  return (
    <div className="banner error" role="alert">
      <span>{message}</span>
      <button type="button" className="link" onClick={() => useStore.setState({ requestError: null })}>
        Dismiss
      </button>
    </div>
  );
}
