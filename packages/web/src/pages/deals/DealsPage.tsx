import { useEffect, useMemo, useState } from 'react';
import { api, type Filter } from '../../lib/api';
import { useDocumentTitle } from '../../lib/hooks';
import { usePipelines } from './usePipelines';
import { canWriteRecords, useMe } from '../../lib/auth';
import { useUsers } from '../../lib/users';
import { money, num } from '../../lib/format';
import type { Deal } from '../../lib/types';
import { Link } from '../../components/Link';
import { PageHeader, Card } from '../../components/Card';
import { Button } from '../../components/Button';
import { PageSpinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { FilterSelect } from '../../components/SearchInput';
import { Icon } from '../../components/Icon';
import { cx } from '../../components/cx';
import { useToast } from '../../components/Toast';
import { Board } from './Board';
import { DealsTable } from './DealsTable';
import { NewDealDialog } from './NewDealDialog';
import { useBoard } from './useBoard';
import { DealDrawer } from './DealDrawer';

type View = 'board' | 'table';

export function DealsPage() {
  useDocumentTitle('Deals');
  const { user } = useMe();
  const users = useUsers();
  const toast = useToast();
  const params = useMemo(() => new URLSearchParams(window.location.search), []);
  const highlight = params.get('deal');
  const pipelines = usePipelines();
  const [pipelineId, setPipelineId] = useState<string>(() => localStorage.getItem('pw.pipeline') ?? '');
  const [view, setView] = useState<View>(() => (localStorage.getItem('pw.dealsView') as View | null) ?? 'board');
  const [owner, setOwner] = useState('');
  const [creating, setCreating] = useState(false);
  const [openDeal, setOpenDeal] = useState<string | null>(highlight);
  const [tableRefresh, setTableRefresh] = useState(0);
  // Bumped when a rep overrides a score in the drawer: the board's and table's tiers are read again.
  const [scoresVersion, setScoresVersion] = useState(0);

  // Opening /deals?deal=<id> selects that deal's pipeline and highlights its card.
  useEffect(() => {
    if (!highlight) return;
    api.get<Deal>(`/api/v1/deals/${highlight}`).then(
      (d) => setPipelineId(d.pipelineId),
      () => {},
    );
  }, [highlight]);

  const all = pipelines.data ?? [];
  const pipeline = all.find((p) => p.id === pipelineId) ?? all[0];
  const ownerFilter: Filter | null = owner
    ? owner === '__none'
      ? { field: 'ownerId', op: 'isnull', value: 'true' }
      : { field: 'ownerId', op: 'eq', value: owner }
    : null;
  const board = useBoard(view === 'board' ? pipeline : undefined, owner);
  const openCols = board.columns.filter((c) => c.stage.kind === 'open');
  const openTotal = openCols.reduce((a, c) => a + c.total, 0);
  const openAmount = openCols.reduce((a, c) => a + c.amount, 0);
  const weighted = openCols.reduce((a, c) => a + c.amount * c.stage.probability, 0);

  const selectPipeline = (id: string) => {
    setPipelineId(id);
    localStorage.setItem('pw.pipeline', id);
  };
  const selectView = (v: View) => {
    setView(v);
    localStorage.setItem('pw.dealsView', v);
  };

  if (pipelines.error)
    return (
      <Card>
        <ErrorState
          error={pipelines.error}
          onRetry={() => void pipelines.refetch()}
          title="Could not load the pipelines"
        />
      </Card>
    );
  if (!pipelines.data) return <PageSpinner />;
  if (!pipeline)
    return (
      <div data-testid="deals-page">
        <PageHeader title="Deals" />
        <Card>
          <EmptyState
            icon="deals"
            title="No pipeline yet"
            description="A pipeline is the list of stages your deals go through. Create one in Settings, or load the demo data from the dashboard."
            testId="no-pipeline"
            action={
              <Link to="/settings/pipelines" className="text-sm font-medium text-brand-700 hover:underline">
                Set up a pipeline
              </Link>
            }
          />
        </Card>
      </div>
    );

  return (
    <div data-testid="deals-page">
      <PageHeader
        title="Deals"
        description={
          view === 'board' && board.columns.every((c) => c.loaded) ? (
            <>
              {num(openTotal)} open deals · {money(openAmount)} in pipeline ·{' '}
              <span title="Sum of amount × stage probability">{money(weighted)} weighted</span>
            </>
          ) : (
            `${pipeline.name} pipeline`
          )
        }
        actions={
          canWriteRecords(user.role) && (
            <Button variant="primary" icon="plus" onClick={() => setCreating(true)} data-testid="new-deal">
              New deal
            </Button>
          )
        }
      />
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <select
          data-testid="pipeline-select"
          aria-label="Pipeline"
          value={pipeline.id}
          onChange={(e) => selectPipeline(e.target.value)}
          className="h-9 rounded-md border-0 bg-white py-0 pr-8 pl-3 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600"
        >
          {all.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <FilterSelect
          label="Owner"
          testId="deals-owner-filter"
          value={owner}
          onChange={setOwner}
          options={[
            { value: user.id, label: 'Me' },
            ...users.filter((u) => u.id !== user.id).map((u) => ({ value: u.id, label: u.name })),
            { value: '__none', label: 'Unassigned' },
          ]}
        />
        <div
          className="ml-auto inline-flex rounded-md bg-white p-0.5 shadow-xs ring-1 ring-slate-300"
          role="tablist"
          aria-label="View"
        >
          {(['board', 'table'] as const).map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={view === v}
              data-testid={`view-${v}`}
              onClick={() => selectView(v)}
              className={cx(
                'flex items-center gap-1.5 rounded px-3 py-1 text-sm font-medium capitalize',
                view === v ? 'bg-slate-900 text-white' : 'text-slate-600 hover:text-slate-900',
              )}
            >
              <Icon name={v} className="size-3.5" />
              {v}
            </button>
          ))}
        </div>
      </div>
      {view === 'board' ? (
        board.error ? (
          <Card>
            <ErrorState error={board.error} onRetry={board.reload} />
          </Card>
        ) : (
          <Board
            columns={board.columns}
            canMove={canWriteRecords(user.role)}
            onMove={board.moveDeal}
            highlightId={openDeal ?? highlight}
            onOpen={(d) => setOpenDeal(d.id)}
            scoresVersion={scoresVersion}
          />
        )
      ) : (
        <DealsTable
          // Keys are unique among this page's children: the table and the dialog once shared the pipeline id, and
          // React then left the old table on screen above the board (issue 18).
          key={`table:${pipeline.id}`}
          pipeline={pipeline}
          ownerFilter={ownerFilter}
          onOpen={(d) => setOpenDeal(d.id)}
          refreshKey={tableRefresh}
          scoresVersion={scoresVersion}
        />
      )}
      <DealDrawer
        dealId={openDeal}
        pipelines={all}
        onClose={() => setOpenDeal(null)}
        onChanged={(d) => {
          if (view === 'board') board.updateDeal(d);
          else setTableRefresh((n) => n + 1);
        }}
        onScoreChanged={() => setScoresVersion((n) => n + 1)}
      />
      <NewDealDialog
        key={`new-deal:${pipeline.id}`}
        open={creating}
        onClose={() => setCreating(false)}
        pipeline={pipeline}
        onCreated={(d) => {
          toast('success', `${d.name} was created`);
          if (view === 'board') board.addDeal(d);
          else selectView('table');
        }}
      />
    </div>
  );
}
