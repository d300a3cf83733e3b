import { api } from '../../lib/api';
import { useAsync } from '../../lib/hooks';
import { canWriteRecords, useMe } from '../../lib/auth';
import { date, dateTime, money, relative } from '../../lib/format';
import type { Deal, Pipeline } from '../../lib/types';
import { Drawer } from '../../components/Drawer';
import { DetailsCard, type DetailField } from '../../components/DetailsCard';
import { CustomFieldsCard } from '../../components/CustomFields';
import { Card, CardHeader } from '../../components/Card';
import { DealStatusBadge } from '../../components/Badge';
import { ErrorState } from '../../components/EmptyState';
import { PageSpinner, Skeleton } from '../../components/Spinner';
import { Link } from '../../components/Link';
import { useToast } from '../../components/Toast';
import { ScoreCard } from '../scoring/ScoreCard';
import { DealContactCard } from './DealContactCard';

type StageChange = { id: string; fromStageId: string | null; toStageId: string; changedAt: string };

/** One deal: its fields (editable), links to its company and contact, and its stage history. */
export function DealDrawer({
  dealId,
  pipelines,
  onClose,
  onChanged,
  onScoreChanged,
}: {
  dealId: string | null;
  pipelines: Pipeline[];
  onClose: () => void;
  onChanged: (d: Deal) => void;
  onScoreChanged: () => void;
}) {
  const { user } = useMe();
  const toast = useToast();
  const deal = useAsync(
    (signal) => (dealId ? api.get<Deal>(`/api/v1/deals/${dealId}`, undefined, signal) : Promise.resolve(undefined)),
    [dealId],
  );
  const history = useAsync(
    (signal) =>
      dealId
        ? api.get<{ data: StageChange[] }>(`/api/v1/deals/${dealId}/history`, undefined, signal)
        : Promise.resolve(undefined),
    [dealId],
  );
  const d = deal.data;
  const stageName = (id: string | null) => pipelines.flatMap((p) => p.stages).find((s) => s.id === id)?.name ?? '—';
  const stages = pipelines.find((p) => p.id === d?.pipelineId)?.stages ?? [];

  const fields: DetailField<Deal>[] = [
    { key: 'name', label: 'Name' },
    { key: 'amount', label: 'Amount', kind: 'number', render: (x) => money(x.amount, { currency: x.currency }) },
    { key: 'expectedCloseDate', label: 'Expected close', kind: 'date', render: (x) => date(x.expectedCloseDate) },
    {
      key: 'companyId',
      label: 'Company',
      kind: 'company',
      labelKey: 'companyName',
      render: (x) =>
        x.companyId ? (
          <Link to={`/companies/${x.companyId}`} className="text-brand-600 hover:underline">
            {x.companyName ?? 'Company'}
          </Link>
        ) : (
          <span className="text-slate-400">—</span>
        ),
    },
    {
      key: 'ownerId',
      label: 'Owner',
      kind: 'owner',
      render: (x) => x.ownerName ?? <span className="text-slate-400">Unassigned</span>,
    },
  ];

  const save = async (patch: Partial<Deal>) => {
    if (!d) return;
    const updated = await api.patch<Deal>(`/api/v1/deals/${d.id}`, patch);
    deal.setData(() => updated);
    onChanged(updated);
    toast('success', 'Deal saved');
  };

  const move = async (stageId: string) => {
    if (!d || stageId === d.stageId) return;
    try {
      const updated = await api.post<Deal>(`/api/v1/deals/${d.id}/move`, { stageId });
      deal.setData(() => ({ ...d, ...updated }));
      onChanged({ ...d, ...updated });
      history.reload();
      toast('success', `Moved to ${stageName(stageId)}`);
    } catch (e) {
      toast('error', e instanceof Error ? e.message : 'Could not move the deal');
    }
  };

  return (
    <Drawer
      open={dealId !== null}
      onClose={onClose}
      title={d?.name ?? 'Deal'}
      subtitle={
        d && (
          <span className="flex items-center gap-2">
            {money(d.amount, { currency: d.currency })} <DealStatusBadge status={d.status} />
          </span>
        )
      }
      testId="deal-drawer"
    >
      {deal.error ? (
        <ErrorState error={deal.error} onRetry={deal.reload} title="Could not open this deal" />
      ) : !d ? (
        <PageSpinner />
      ) : (
        <>
          <Card className="p-4">
            <label htmlFor="deal-stage-select" className="mb-1 block text-xs font-medium text-slate-700">
              Stage
            </label>
            <select
              id="deal-stage-select"
              data-testid="deal-stage-select"
              value={d.stageId}
              disabled={!canWriteRecords(user.role)}
              onChange={(e) => void move(e.target.value)}
              className="h-9 w-full rounded-md border-0 bg-white px-3 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600"
            >
              {[...stages]
                .sort((a, b) => a.position - b.position)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
            </select>
            <p className="mt-2 text-xs text-slate-500">
              In this stage since {relative(d.stageEnteredAt ?? d.updatedAt)}
              {d.contactId && (
                <>
                  {' · contact '}
                  <Link to={`/contacts/${d.contactId}`} className="font-medium text-brand-600 hover:underline">
                    {d.contactName ?? 'open'}
                  </Link>
                </>
              )}
            </p>
          </Card>
          {d.status === 'open' && <ScoreCard entity="deal" id={d.id} onChanged={onScoreChanged} />}
          <DetailsCard
            key={d.id}
            title="Details"
            record={d}
            fields={fields}
            canEdit={canWriteRecords(user.role)}
            onSave={save}
            testId="deal-details"
          />
          <CustomFieldsCard
            key={`custom:${d.id}`}
            entity="deal"
            values={(d as { customFields?: Record<string, string | number | boolean | null> }).customFields}
            canEdit={canWriteRecords(user.role)}
            onSave={(customFields) => save({ customFields } as Parameters<typeof save>[0])}
          />
          {d.contactId && <DealContactCard contactId={d.contactId} contactName={d.contactName ?? null} />}
          <Card>
            <CardHeader title="Stage history" />
            {!history.data ? (
              <div className="p-5">
                <Skeleton className="h-12" />
              </div>
            ) : (
              <ol className="space-y-3 px-5 py-4">
                {[...history.data.data].reverse().map((h) => (
                  <li key={h.id} className="flex items-start gap-3 text-sm">
                    <span className="mt-1.5 size-2 shrink-0 rounded-full bg-brand-500" />
                    <div>
                      <div className="text-slate-800">
                        {h.fromStageId ? (
                          <>
                            {stageName(h.fromStageId)} → <span className="font-medium">{stageName(h.toStageId)}</span>
                          </>
                        ) : (
                          <>
                            Created in <span className="font-medium">{stageName(h.toStageId)}</span>
                          </>
                        )}
                      </div>
                      <div className="text-xs text-slate-500">{dateTime(h.changedAt)}</div>
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </>
      )}
    </Drawer>
  );
}
