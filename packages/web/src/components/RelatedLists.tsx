import type { Deal, Order } from '../lib/types';
import { date, money, titleCase } from '../lib/format';
import { Card, CardHeader } from './Card';
import { Badge, DealStatusBadge, type Tone } from './Badge';
import { EmptyState } from './EmptyState';
import { Link } from './Link';

export function DealsCard({ deals }: { deals: Deal[] }) {
  const open = deals.filter((d) => d.status === 'open').reduce((a, d) => a + (d.amount ?? 0), 0);
  return (
    <Card testId="related-deals">
      <CardHeader title={`Deals (${deals.length})`} description={deals.length ? `${money(open)} open` : undefined} />
      {deals.length === 0 ? (
        <EmptyState compact icon="deals" title="No deals" description="Deals linked to this record appear here." />
      ) : (
        <ul className="divide-y divide-slate-100">
          {deals.map((d) => (
            <li key={d.id} className="flex items-center justify-between gap-3 px-5 py-3">
              <div className="min-w-0">
                <Link
                  to={`/deals?deal=${d.id}`}
                  className="block truncate text-sm font-medium text-slate-900 hover:text-brand-700"
                >
                  {d.name}
                </Link>
                <div className="truncate text-xs text-slate-500">
                  {[d.stageName, d.expectedCloseDate ? `closes ${date(d.expectedCloseDate)}` : null, d.ownerName]
                    .filter(Boolean)
                    .join(' · ')}
                </div>
              </div>
              <div className="flex shrink-0 items-center gap-2">
                <span className="text-sm font-medium text-slate-800 tabular-nums">
                  {money(d.amount, { currency: d.currency })}
                </span>
                <DealStatusBadge status={d.status} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

const orderTones: Record<string, Tone> = {
  paid: 'green',
  fulfilled: 'teal',
  pending: 'amber',
  cancelled: 'gray',
  refunded: 'red',
};

export function OrdersCard({ orders }: { orders: Order[] }) {
  const total = orders.filter((o) => o.status === 'paid' || o.status === 'fulfilled').reduce((a, o) => a + o.total, 0);
  return (
    <Card testId="related-orders">
      <CardHeader
        title={`Orders (${orders.length})`}
        description={orders.length ? `${money(total)} lifetime value` : undefined}
      />
      {orders.length === 0 ? (
        <EmptyState
          compact
          icon="cart"
          title="No orders"
          description="Purchases from your shop or imports appear here."
        />
      ) : (
        <div className="max-h-80 overflow-auto pw-scroll">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-slate-500">
                <th className="px-5 py-2 font-medium">Order</th>
                <th className="px-3 py-2 font-medium">Date</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-5 py-2 text-right font-medium">Total</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {orders.map((o) => (
                <tr key={o.id}>
                  <td className="px-5 py-2 font-medium text-slate-800">{o.number ?? o.id.slice(0, 8)}</td>
                  <td className="px-3 py-2 text-slate-600">{date(o.orderedAt)}</td>
                  <td className="px-3 py-2">
                    <Badge tone={orderTones[o.status] ?? 'gray'}>{titleCase(o.status)}</Badge>
                  </td>
                  <td className="px-5 py-2 text-right text-slate-800 tabular-nums">
                    {money(o.total, { currency: o.currency })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
