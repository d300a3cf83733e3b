import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { useBackgroundJob } from '../../lib/jobs';
import { call, client } from '../../lib/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field, Select } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';

const numeric = [
  ['clv', 'Lifetime value'],
  ['avgOrderValue', 'Average order value'],
  ['returns', 'Returns'],
  ['activities90d', 'Activities (90 days)'],
] as const;
const categorical = [
  ['country', 'Country'],
  ['source', 'Source'],
  ['lifecycleStage', 'Lifecycle stage'],
] as const;

/** Options for a run (extra cluster features, k range), then the job's progress until it is done. */
export function ComputeDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [picked, setPicked] = useState<string[]>([]);
  const [kMin, setKMin] = useState(2);
  const [kMax, setKMax] = useState(8);
  const [failed, setFailed] = useState<string | null>(null);
  const background = useBackgroundJob({
    invalidate: [['segments']],
    onDone,
    onFailed: (j) => setFailed(j.error ?? 'The run failed'),
  });
  const job = background.job;
  const error = failed ?? (background.error ? errorMessage(background.error) : null);
  const toggle = (f: string) => setPicked(picked.includes(f) ? picked.filter((p) => p !== f) : [...picked, f]);
  const run = () => {
    setFailed(null);
    background.start(() =>
      call(
        client.POST('/api/v1/segments/runs', {
          body: {
            kMin,
            kMax,
            numeric: numeric.map(([n]) => n).filter((n) => picked.includes(n)),
            categorical: categorical.map(([c]) => c).filter((c) => picked.includes(c)),
          },
        }),
      ),
    );
  };
  const running = background.running;
  return (
    <Dialog
      open
      onClose={running ? () => {} : onClose}
      title="Compute segments"
      description="RFM scores and named segments for every customer, then k-means clusters with k chosen by silhouette."
      testId="compute-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={running}>
            Cancel
          </Button>
          <Button variant="primary" onClick={() => void run()} loading={running} data-testid="compute-run">
            Compute
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <Field label="Extra features for clustering (besides recency, frequency, spend)">
          <div className="flex flex-wrap gap-2">
            {[...numeric, ...categorical].map(([f, l]) => (
              <label key={f} className="flex items-center gap-1.5 rounded-md px-2 py-1 text-sm ring-1 ring-slate-200">
                <input type="checkbox" checked={picked.includes(f)} onChange={() => toggle(f)} /> {l}
              </label>
            ))}
          </div>
        </Field>
        <div className="flex gap-4">
          <Field label="k from">
            <Select value={kMin} onChange={(e) => setKMin(Number(e.target.value))}>
              {[2, 3, 4, 5, 6, 7, 8].map((k) => (
                <option key={k}>{k}</option>
              ))}
            </Select>
          </Field>
          <Field label="to">
            <Select value={kMax} onChange={(e) => setKMax(Number(e.target.value))}>
              {[2, 3, 4, 5, 6, 7, 8]
                .filter((k) => k >= kMin)
                .map((k) => (
                  <option key={k}>{k}</option>
                ))}
            </Select>
          </Field>
        </div>
        {job && (
          <div data-testid="compute-progress">
            <div className="mb-1 flex justify-between text-xs text-slate-500">
              <span>{job.message ?? job.state}</span>
              <span className="tabular-nums">{Math.round((job.progress ?? 0) * 100)}%</span>
            </div>
            <ProgressBar value={job.state === 'queued' ? null : (job.progress ?? 0)} />
          </div>
        )}
        {error && (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
