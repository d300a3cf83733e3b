import type { PgTable } from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.schema';
import { consentEvents, contacts } from '../contacts/contacts.schema';
import { dealStageHistory, deals, pipelineStages, pipelines } from '../deals/deals.schema';
import { activities } from '../activities/activities.schema';
import { products } from '../products/products.schema';
import { orderLines, orders } from '../orders/orders.schema';
import { tags } from '../tags/tags.schema';

/** Business tables in the order they can be restored (referenced before referencing). Users travel separately. */
export const exportTables: [string, PgTable][] = [
  ['tags', tags],
  ['companies', companies],
  ['contacts', contacts],
  ['consent_events', consentEvents],
  ['pipelines', pipelines],
  ['pipeline_stages', pipelineStages],
  ['deals', deals],
  ['deal_stage_history', dealStageHistory],
  ['products', products],
  ['orders', orders],
  ['order_lines', orderLines],
  ['activities', activities],
];

export const EXPORT_FORMAT = 'pipewise-export';
export const EXPORT_VERSION = 1;
