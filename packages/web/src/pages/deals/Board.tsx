import { useState, type DragEvent } from 'react';
import type { Deal } from '../../lib/types';
import { errorMessage } from '../../lib/api';
import { money, num, percent } from '../../lib/format';
import { useToast } from '../../components/Toast';
import { Skeleton } from '../../components/Spinner';
import { cx } from '../../components/cx';
import { DealCard } from './DealCard';
import { useScores } from '../scoring/TierBadge';
import type { Column } from './useBoard';

const kindAccent: Record<string, string> = { open: 'bg-brand-500', won: 'bg-emerald-500', lost: 'bg-slate-400' };

/** The pipeline board: one column per stage; cards move between columns with native drag and drop. */
export function Board({
  columns,
  canMove,
  onMove,
  highlightId,
  onOpen,
  scoresVersion,
}: {
  columns: Column[];
  canMove: boolean;
  onMove: (dealId: string, stageId: string) => Promise<void>;
  highlightId?: string | null;
  onOpen: (deal: Deal) => void;
  scoresVersion: number;
}) {
  const scores = useScores(
    'deal',
    columns.flatMap((c) => c.deals.filter((d) => d.status === 'open').map((d) => d.id)),
    scoresVersion,
  );
  const toast = useToast();
  const [dragging, setDragging] = useState<Deal | null>(null);
  const [over, setOver] = useState<string | null>(null);

  const onDragStart = (e: DragEvent, deal: Deal) => {
    e.dataTransfer.setData('text/plain', deal.id);
    e.dataTransfer.setData('application/x-pipewise-deal', deal.id);
    e.dataTransfer.effectAllowed = 'move';
    setDragging(deal);
  };

  const drop = (e: DragEvent, stageId: string) => {
    e.preventDefault();
    setOver(null);
    const id =
      e.dataTransfer.getData('application/x-pipewise-deal') || e.dataTransfer.getData('text/plain') || dragging?.id;
    setDragging(null);
    if (!id) return;
    onMove(id, stageId).catch((err: unknown) => toast('error', `Could not move the deal: ${errorMessage(err)}`));
  };

  return (
    <div className="-mx-6 overflow-x-auto px-6 pb-4 pw-scroll" data-testid="deal-board">
      <div className="flex min-h-[calc(100vh-230px)] gap-3">
        {columns.map((col) => (
          <section
            key={col.stage.id}
            data-testid="board-column"
            data-stage-id={col.stage.id}
            data-stage-name={col.stage.name}
            onDragOver={(e) => {
              if (!canMove) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
              if (over !== col.stage.id) setOver(col.stage.id);
            }}
            onDragLeave={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null))
                setOver((o) => (o === col.stage.id ? null : o));
            }}
            onDrop={(e) => canMove && drop(e, col.stage.id)}
            className={cx(
              'flex w-64 shrink-0 flex-col rounded-xl bg-slate-100/80 ring-1 ring-slate-200/70 transition-colors',
              over === col.stage.id && dragging?.stageId !== col.stage.id && 'bg-brand-50 ring-2 ring-brand-300',
            )}
          >
            <header className="px-3 pt-3 pb-2">
              <div className="flex items-center gap-2">
                <span className={cx('size-2 rounded-full', kindAccent[col.stage.kind] ?? 'bg-brand-500')} />
                <h3 className="truncate text-sm font-semibold text-slate-800">{col.stage.name}</h3>
                <span
                  className="ml-auto rounded-full bg-white px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-slate-200"
                  data-testid="column-count"
                >
                  {num(col.total)}
                </span>
              </div>
              <div className="mt-1 flex items-center justify-between text-xs text-slate-500">
                <span
                  className="font-medium text-slate-700 tabular-nums"
                  data-testid="column-sum"
                  title={`Sum of all ${col.total} deals in this stage`}
                >
                  {money(col.amount, { compact: col.amount >= 1e6 })}
                </span>
                <span>
                  {col.stage.kind === 'open'
                    ? `${percent(col.stage.probability)} win`
                    : col.stage.kind === 'won'
                      ? 'Won'
                      : 'Lost'}
                </span>
              </div>
            </header>
            <div
              className="flex-1 space-y-2 overflow-y-auto px-2 pb-2 pw-scroll"
              style={{ maxHeight: 'calc(100vh - 300px)' }}
            >
              {!col.loaded ? (
                Array.from({ length: 3 }, (_, i) => <Skeleton key={i} className="h-20 rounded-lg bg-white" />)
              ) : col.deals.length === 0 ? (
                <div className="rounded-lg border border-dashed border-slate-300 px-3 py-6 text-center text-xs text-slate-400">
                  {canMove ? 'Drop deals here' : 'No deals'}
                </div>
              ) : (
                col.deals.map((d) => (
                  <DealCard
                    key={d.id}
                    deal={d}
                    score={scores.get(d.id)}
                    onOpen={onOpen}
                    draggable={canMove}
                    dragging={dragging?.id === d.id}
                    highlighted={highlightId === d.id}
                    onDragStart={onDragStart}
                    onDragEnd={() => {
                      setDragging(null);
                      setOver(null);
                    }}
                  />
                ))
              )}
              {col.total > col.deals.length && (
                <div className="px-1 py-1 text-center text-xs text-slate-400">
                  +{num(col.total - col.deals.length)} more in the table view
                </div>
              )}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
