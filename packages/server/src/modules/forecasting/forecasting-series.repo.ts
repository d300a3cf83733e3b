import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import type { DatedValue } from './series';
import type { OpenDeal } from './pipeline';

export const metrics = ['revenue', 'orders', 'units'] as const;
export type Metric = (typeof metrics)[number];
export const sources = ['orders', 'deals'] as const;
export type Source = (typeof sources)[number];

/** What a series covers: the whole business, one product, one category or one rep (user id). */
export type Scope =
  | { type: 'all' }
  | { type: 'product'; id: string }
  | { type: 'category'; name: string }
  | { type: 'rep'; userId: string };

const day = (col: SQL) => sql`((${col}) at time zone 'UTC')::date::text`;
const toPoints = (rows: { day: string; value: string | number }[]): DatedValue[] =>
  rows.map((r) => ({ at: new Date(`${r.day}T00:00:00.000Z`), value: Number(r.value) }));

/** Daily sums of the metric; the caller folds them into the grain. Cancelled and refunded orders never count. */
export function createForecastingQueries(db: Db) {
  return {
    async orderSeries(ws: string, metric: Metric, scope: Scope): Promise<DatedValue[]> {
      const valid = sql`o.workspace_id = ${ws} and o.status not in ('cancelled', 'refunded')`;
      const rep =
        scope.type === 'rep'
          ? sql`and o.contact_id in (select id from contacts where workspace_id = ${ws} and owner_id = ${scope.userId})`
          : sql``;
      if (scope.type === 'product' || scope.type === 'category' || metric === 'units') {
        const lineScope =
          scope.type === 'product'
            ? sql`and l.product_id = ${scope.id}`
            : scope.type === 'category'
              ? sql`and l.product_id in (select id from products where workspace_id = ${ws} and category = ${scope.name})`
              : sql``;
        const value =
          metric === 'revenue'
            ? sql`sum(l.amount)`
            : metric === 'units'
              ? sql`sum(l.quantity)`
              : sql`count(distinct o.id)`;
        return toPoints(
          await rowsOf(
            db,
            sql`
          select ${day(sql`o.ordered_at`)} as day, ${value} as value
          from order_lines l join orders o on o.id = l.order_id
          where l.workspace_id = ${ws} and ${valid} ${lineScope} ${rep} group by 1`,
          ),
        );
      }
      const value = metric === 'revenue' ? sql`sum(o.total)` : sql`count(*)`;
      return toPoints(
        await rowsOf(
          db,
          sql`select ${day(sql`o.ordered_at`)} as day, ${value} as value from orders o where ${valid} ${rep} group by 1`,
        ),
      );
    },

    /** Won deals by the day they closed: revenue = amount, orders = number of deals won. */
    async wonDealSeries(ws: string, metric: Metric, ownerId: string | null): Promise<DatedValue[]> {
      const value = metric === 'revenue' ? sql`sum(coalesce(amount, 0))` : sql`count(*)`;
      const owner = ownerId ? sql`and owner_id = ${ownerId}` : sql``;
      return toPoints(
        await rowsOf(
          db,
          sql`
        select ${day(sql`closed_at`)} as day, ${value} as value from deals
        where workspace_id = ${ws} and status = 'won' and closed_at is not null ${owner} group by 1`,
        ),
      );
    },

    /** Open deals with their stage probability and, where the active deal model scored them, its probability. */
    async openDeals(ws: string, ownerId: string | null): Promise<OpenDeal[]> {
      const owner = ownerId ? sql`and d.owner_id = ${ownerId}` : sql``;
      const rows = await rowsOf<{
        id: string;
        name: string;
        amount: string | null;
        stage: string;
        probability: number;
        score: number | null;
        expected_close_date: string | null;
        owner: string | null;
      }>(
        db,
        sql`
        select d.id, d.name, d.amount, s.name as stage, s.probability, sc.probability as score, d.expected_close_date::text as expected_close_date, u.name as owner
        from deals d join pipeline_stages s on s.id = d.stage_id
          left join users u on u.id = d.owner_id
          left join scoring_scores sc on sc.workspace_id = d.workspace_id and sc.entity = 'deal' and sc.entity_id = d.id
            and sc.model_id in (select id from scoring_models where workspace_id = ${ws} and target = 'deal_won' and state = 'active')
        where d.workspace_id = ${ws} and d.status = 'open' ${owner}`,
      );
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        amount: r.amount === null ? null : Number(r.amount),
        stage: r.stage,
        stageProbability: Number(r.probability),
        score: r.score === null ? null : Number(r.score),
        expectedCloseDate: r.expected_close_date,
        owner: r.owner,
      }));
    },

    /** Amount of the given deals won per day (for checking a pipeline forecast against what closed). */
    async wonOf(ws: string, ids: readonly string[]): Promise<DatedValue[]> {
      if (!ids.length) return [];
      return toPoints(
        await rowsOf(
          db,
          sql`
        select ${day(sql`closed_at`)} as day, sum(coalesce(amount, 0)) as value from deals
        where workspace_id = ${ws} and status = 'won' and closed_at is not null and id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}) group by 1`,
        ),
      );
    },

    product: async (ws: string, id: string) =>
      (
        await rowsOf<{ id: string; name: string }>(
          db,
          sql`select id, name from products where workspace_id = ${ws} and id::text = ${id}`,
        )
      )[0] ?? null,
    categoryExists: async (ws: string, name: string) =>
      (await rowsOf(db, sql`select 1 from products where workspace_id = ${ws} and category = ${name} limit 1`)).length >
      0,
    categories: async (ws: string) =>
      (
        await rowsOf<{ category: string }>(
          db,
          sql`select distinct category from products where workspace_id = ${ws} and category is not null order by 1`,
        )
      ).map((r) => r.category),
    userByEmail: async (ws: string, email: string) =>
      (
        await rowsOf<{ id: string; name: string; email: string }>(
          db,
          sql`select id, name, email from users where workspace_id = ${ws} and lower(email) = lower(${email})`,
        )
      )[0] ?? null,
    userById: async (ws: string, id: string) =>
      (
        await rowsOf<{ id: string; name: string; email: string }>(
          db,
          sql`select id, name, email from users where workspace_id = ${ws} and id = ${id}`,
        )
      )[0] ?? null,
  };
}
export type ForecastingQueries = ReturnType<typeof createForecastingQueries>;
