import { useEffect, useRef, useState } from 'react';
import type { BenchmarkResult, BenchmarkState } from '../../../../src/common/api';
import { useClient } from '../../api/client-context';
import { formatClock, formatRate } from '../../format';
import { run, useOnline, useStore } from '../../state/store';
import { BackendLine } from './Devices';

function Results({ results }: { results: BenchmarkResult[] }) {
  if (results.length === 0) return <p className="muted">No backend could run here, so there is nothing to show.</p>;
  const models = [...new Set(results.flatMap((r) => r.models.map((m) => m.model)))];
  const measuredAt = results.map((r) => r.measuredAt).sort().at(-1)!;
  return (
    <>
      <div className="table-wrap">
        <table aria-label="Benchmark results">
          <thead>
            <tr>
              <th scope="col">Backend</th>
              <th scope="col" className="num">
                Matrix multiply
              </th>
              {models.map((m) => (
                <th key={m} scope="col" className="num">
                  {m}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.backend.backend}>
                <th scope="row">
                  <BackendLine choice={r.backend} />
                </th>
                <td className="num">{formatRate(r.matmulGflops)} GFLOP/s</td>
                {models.map((name) => {
                  const m = r.models.find((x) => x.model === name);
                  return (
                    <td key={name} className="num">
                      {m ? (
                        <>
                          {formatRate(m.samplesPerSecond)} samples/s
                          <br />
                          <span className="muted">batch {m.batchSize}</span>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="source">Measured at {formatClock(new Date(measuredAt))}. The network matches tasks to this machine by the fastest backend.</p>
    </>
  );
}

/**
 * The benchmark with its progress, results and a re-run, on the Mining page and as a step of Get
 * started, which is why it carries its own explanation. `autoStart`: it begins by itself, once,
 * where nothing was measured yet, so that a new owner need not press for a step with no choice in it.
 */
export function Benchmark({ benchmark, embedded = false, autoStart = false }: { benchmark: BenchmarkState; embedded?: boolean; autoStart?: boolean }) {
  const client = useClient();
  const online = useOnline();
  const busy = useStore((s) => s.busy.runBenchmark ?? false);
  const cancelling = useStore((s) => s.busy.cancelBenchmark ?? false);
  const running = benchmark.status === 'running';
  // A failed run is reported here, where it was started, and not in the app-wide banner as well:
  // the engine's own account of it arrives with the state; a request that never reached a run
  // (the engine refused it) has only its error, kept here until the next try.
  const [refused, setRefused] = useState<string | null>(null);
  const start = () => {
    setRefused(null);
    return run('runBenchmark', () => client.runBenchmark({}), (error) => setRefused(error.message));
  };
  const autoStarted = useRef(false);
  useEffect(() => {
    if (!autoStart || autoStarted.current || benchmark.status !== 'none' || !online) return;
    autoStarted.current = true;
    void start();
  });
  // Inside an onboarding step the step's own heading is the h2.
  const Title = embedded ? 'h3' : 'h2';

  return (
    <section className={embedded ? 'embedded' : 'card'} aria-labelledby="benchmark-title">
      <header className="card-header">
        <Title id="benchmark-title">Benchmark</Title>
        {running ? (
          <button type="button" className="secondary" disabled={cancelling || !online} onClick={() => void run('cancelBenchmark', () => client.cancelBenchmark({}))}>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          (benchmark.status === 'done' || benchmark.status === 'failed') && (
            <button type="button" className="secondary" disabled={busy || !online} onClick={() => void start()}>
              Run again
            </button>
          )
        )}
      </header>
      {refused && benchmark.status !== 'failed' && !running && (
        <p className="verdict no" role="alert">
          The benchmark could not start: {refused}
        </p>
      )}
      {(benchmark.status === 'none' || benchmark.status === 'cancelled') && (
        <>
          {benchmark.status === 'cancelled' && (
            <p className="muted">Cancelled. Until it runs, the network sends tasks to this machine without knowing its speed.</p>
          )}
          <p>
            Measure how fast this machine runs AI tasks on each available backend. It takes under a minute and keeps the computer busy while it
            runs; the network uses the result to send tasks this machine can finish in time.
          </p>
          <button type="button" className="primary" disabled={busy || !online} onClick={() => void start()}>
            Run benchmark
          </button>
        </>
      )}
      {running && (
        <div className="benchmark-progress">
          <progress max={1} value={benchmark.progress} aria-label="Benchmark progress" aria-valuetext={`${Math.round(benchmark.progress * 100)} %`} />
          <p role="status" aria-live="polite">
            {Math.round(benchmark.progress * 100)} % · {benchmark.step}
          </p>
        </div>
      )}
      {benchmark.status === 'done' && <Results results={benchmark.results} />}
      {benchmark.status === 'failed' && (
        <>
          <p className="verdict no" role="alert">
            The benchmark failed: {benchmark.error}
          </p>
          {benchmark.previous.length > 0 && (
            <>
              <h3 className="subhead">Previous results</h3>
              <Results results={benchmark.previous} />
            </>
          )}
        </>
      )}
    </section>
  );
}
