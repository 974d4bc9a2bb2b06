import { useStore, type PageId } from '../state/store';

const upcoming: Record<Exclude<PageId, 'onboarding' | 'hardware' | 'mining' | 'wallet' | 'settings' | 'staking' | 'dashboard'>, { title: string; what: string }> = {
};

/** The pages this build does not have yet say so, and what they will do, instead of showing nothing. */
export function UpcomingPage({ page }: { page: keyof typeof upcoming }) {
  const goTo = useStore((s) => s.goTo);
  const { title, what } = upcoming[page];
  return (
    <div className="page">
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <section className="card empty">
        <h2>Not in this version yet</h2>
        <p>{what}</p>
        <p>Meanwhile, see whether this machine can join the network.</p>
        <button type="button" className="primary" onClick={() => goTo('hardware')}>
          Check my hardware
        </button>
      </section>
    </div>
  );
}
