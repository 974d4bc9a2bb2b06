import { useEffect, useRef } from 'react';
import { ConnectionBanner } from './components/ConnectionBanner';
import { RequestErrorBanner } from './components/RequestErrorBanner';
import { Loading } from './components/Loading';
import { UpdateBanner } from './components/UpdateBanner';
import { DashboardPage } from './pages/DashboardPage';
import { HardwarePage } from './pages/HardwarePage';
import { MiningPage } from './pages/MiningPage';
import { OnboardingPage } from './pages/OnboardingPage';
import { SettingsPage } from './pages/SettingsPage';
import { StakingPage } from './pages/StakingPage';
import { WalletPage } from './pages/WalletPage';
import { useStore, type PageId } from './state/store';

const pages: { id: PageId; label: string }[] = [
  { id: 'onboarding', label: 'Get started' },
  { id: 'hardware', label: 'Hardware' },
  { id: 'mining', label: 'Mining' },
  { id: 'wallet', label: 'Wallet' },
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'staking', label: 'Staking' },
  { id: 'settings', label: 'Settings' },
];

function Page({ id }: { id: PageId | null }) {
  switch (id) {
    case null:
      return <Loading>Connecting to the miner…</Loading>;
    case 'hardware':
      return <HardwarePage />;
    case 'onboarding':
      return <OnboardingPage />;
    case 'mining':
      return <MiningPage />;
    case 'settings':
      return <SettingsPage />;
    case 'wallet':
      return <WalletPage />;
    case 'staking':
      return <StakingPage />;
    case 'dashboard':
      return <DashboardPage />;
  }
}

export function App() {
  const page = useStore((s) => s.page);
  const goTo = useStore((s) => s.goTo);
  const version = useStore((s) => s.engine?.app.version);
  const locked = useStore((s) => s.connection === 'unauthorized' || s.connection === 'no-token');
  const theme = useStore((s) => s.engine?.settings.theme);
  const mainRef = useRef<HTMLElement>(null);
  // styles.css turns every colour on the root's data-theme; until the engine answers, the system decides.
  useEffect(() => {
    if (theme) document.documentElement.dataset.theme = theme;
  }, [theme]);
  // The window title names the page, as the tab, the task switcher and a screen reader read it.
  useEffect(() => {
    const label = pages.find((p) => p.id === page)?.label;
    document.title = label ? `${label} · PlexAi Miner` : 'PlexAi Miner';
  }, [page]);

  return (
    <div className="frame">
      {/* A button, not a #link: the URL's fragment carries the access token. */}
      <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>
        Skip to the page
      </button>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>PlexAi Miner</span>
        </div>
        <nav aria-label="Main">
          <ul>
            {pages.map((p) => (
              <li key={p.id}>
                <button type="button" className="nav-item" aria-current={page === p.id ? 'page' : undefined} onClick={() => goTo(p.id)}>
                  {p.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        {version && <p className="version">Version {version}</p>}
      </aside>
      <main className="content" ref={mainRef} tabIndex={-1}>
        <ConnectionBanner />
        {!locked && (
          <>
            <UpdateBanner />
            <RequestErrorBanner />
            <Page id={page} />
          </>
        )}
      </main>
    </div>
  );
}
