import { Card, CardHeader } from '../../components/Card';
import { Badge } from '../../components/Badge';
import { fmt, pct, type ModelDetail } from './scoringTypes';

/** The fairness audit of a model version, part of its model card (docs/fairness.md). */
export function FairnessAuditCard({ model }: { model: ModelDetail }) {
  const audit = model.report.fairness;
  const ack = model.fairnessAcknowledgement;
  return (
    <Card testId="fairness-audit">
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            Fairness audit{' '}
            {audit ? (
              audit.passed ? (
                <Badge tone="green">passed</Badge>
              ) : (
                <Badge tone="red">failed</Badge>
              )
            ) : (
              <Badge>not audited</Badge>
            )}
            {ack && <Badge tone="amber">acknowledged</Badge>}
          </span>
        }
        description={
          audit
            ? `On the newest 20%: tiers ${audit.selectedTiers.join(' and ')} count as selected (cut-offs ${audit.tierCuts.map((c) => fmt(c)).join(' / ')}). Groups under 30 rows are shown but not judged.`
            : (model.card.fairness?.summary ?? ['Not audited.']).join(' ')
        }
      />
      {ack && (
        <p
          className="border-b border-slate-100 bg-amber-50/60 px-5 py-2 text-xs text-amber-900"
          data-testid="fairness-ack"
        >
          Promoted despite the failed audit by {ack.by} on {new Date(ack.at).toLocaleString()}: {ack.reason}
        </p>
      )}
      {audit && audit.missing.length > 0 && (
        <p className="px-5 pt-3 text-xs text-slate-500">No values in the test rows for: {audit.missing.join(', ')}.</p>
      )}
      {audit?.attributes.map((a) => (
        <div
          key={a.attribute}
          className="border-b border-slate-100 px-5 py-3 last:border-0"
          data-testid="fairness-attribute"
        >
          <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium text-slate-800">{a.attribute}</span>
            {a.passed ? <Badge tone="green">passed</Badge> : <Badge tone="red">failed</Badge>}
            <span className="text-xs text-slate-500">
              lowest selection ratio {pct(a.minSelectionRatio)} (80% rule) · TPR gap {pct(a.tprDifference)} · largest
              calibration gap {pct(a.maxCalibrationGap)}
            </span>
          </div>
          <div className="overflow-x-auto">
            <table className="w-full text-xs">
              <thead className="text-left text-slate-500">
                <tr>
                  {[
                    'Group',
                    'Rows',
                    'Selected',
                    'Ratio to highest',
                    'True-positive rate',
                    'Mean predicted',
                    'Observed',
                  ].map((h) => (
                    <th key={h} className="py-1 pr-4 font-medium whitespace-nowrap">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="tabular-nums text-slate-700">
                {a.groups.map((g) => (
                  <tr key={g.group} className={g.judged ? '' : 'text-slate-400'}>
                    <td className="py-1 pr-4">
                      {g.group}
                      {g.judged ? '' : ' (small)'}
                    </td>
                    <td className="py-1 pr-4">{g.n}</td>
                    <td className="py-1 pr-4">{pct(g.selectionRate)}</td>
                    <td
                      className={`py-1 pr-4 ${g.judged && (g.selectionRatio ?? 1) < 0.8 ? 'font-semibold text-red-700' : ''}`}
                    >
                      {pct(g.selectionRatio)}
                    </td>
                    <td className="py-1 pr-4">{pct(g.tpr)}</td>
                    <td className="py-1 pr-4">{pct(g.meanProbability)}</td>
                    <td className="py-1 pr-4">{pct(g.positiveRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {a.failures.length > 0 && (
            <ul className="mt-2 list-disc space-y-0.5 pl-4 text-xs text-red-800">
              {a.failures.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </Card>
  );
}
