import type { DragEvent } from 'react';
import type { Deal } from '../../lib/types';
import { date, money } from '../../lib/format';
import { Avatar } from '../../components/Avatar';
import { Icon } from '../../components/Icon';
import { Link } from '../../components/Link';
import { cx } from '../../components/cx';
import { TierBadge } from '../scoring/TierBadge';
import type { ScoreRow } from '../scoring/scoringTypes';

export function DealCard({
  deal,
  score,
  draggable,
  highlighted,
  onDragStart,
  onDragEnd,
  dragging,
  onOpen,
}: {
  deal: Deal;
  /** The deal's tier and chance to win, when a deal model scores it. */
  score?: ScoreRow | undefined;
  onOpen: (deal: Deal) => void;
  draggable: boolean;
  highlighted?: boolean;
  dragging?: boolean;
  onDragStart: (e: DragEvent, deal: Deal) => void;
  onDragEnd: () => void;
}) {
  const today = new Date().toISOString().slice(0, 10);
  const overdue = deal.status === 'open' && deal.expectedCloseDate !== null && deal.expectedCloseDate < today;
  return (
    <article
      data-testid="deal-card"
      data-deal-id={deal.id}
      data-stage-id={deal.stageId}
      draggable={draggable}
      onDragStart={(e) => onDragStart(e, deal)}
      onDragEnd={onDragEnd}
      onClick={(e) => {
        if (!(e.target as HTMLElement).closest('a')) onOpen(deal);
      }}
      onKeyDown={(e) => e.key === 'Enter' && onOpen(deal)}
      tabIndex={0}
      className={cx(
        'group rounded-lg bg-white p-3 shadow-xs ring-1 transition outline-none focus-visible:ring-2 focus-visible:ring-brand-500',
        draggable ? 'cursor-grab active:cursor-grabbing' : 'cursor-pointer',
        dragging ? 'opacity-40' : 'hover:shadow-md',
        highlighted ? 'ring-2 ring-brand-500' : 'ring-slate-200 hover:ring-slate-300',
      )}
    >
      <div className="flex items-start justify-between gap-2">
        <h4 className="line-clamp-2 text-sm font-medium text-slate-900" data-testid="deal-name">
          {deal.name}
        </h4>
        {deal.ownerName && <Avatar name={deal.ownerName} size="xs" className="mt-0.5" />}
      </div>
      {(deal.companyName || deal.contactName) && (
        <div className="mt-1 truncate text-xs text-slate-500">
          {deal.companyId ? (
            <Link to={`/companies/${deal.companyId}`} className="hover:text-brand-700" draggable={false}>
              {deal.companyName}
            </Link>
          ) : deal.contactId ? (
            <Link to={`/contacts/${deal.contactId}`} className="hover:text-brand-700" draggable={false}>
              {deal.contactName}
            </Link>
          ) : null}
        </div>
      )}
      <div className="mt-2.5 flex items-center justify-between text-xs">
        <span className="flex items-center gap-2">
          <span className="font-semibold text-slate-800 tabular-nums">
            {money(deal.amount, { currency: deal.currency })}
          </span>
          {score && (
            <span data-testid="deal-tier">
              <TierBadge tier={score.tier} probability={score.probability} overridden={score.overridden} />
            </span>
          )}
        </span>
        {deal.expectedCloseDate && (
          <span
            className={cx('flex items-center gap-1', overdue ? 'font-medium text-red-600' : 'text-slate-500')}
            title={overdue ? 'Expected close date has passed' : 'Expected close date'}
          >
            <Icon name="calendar" className="size-3" />
            {date(deal.expectedCloseDate)}
          </span>
        )}
      </div>
    </article>
  );
}
