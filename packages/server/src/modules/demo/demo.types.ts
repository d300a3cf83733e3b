import type {
  activities,
  companies,
  consentEvents,
  contacts,
  dealStageHistory,
  deals,
  orderLines,
  orders,
  pipelineStages,
  pipelines,
  products,
} from '../../platform/schema';

type WithId<T> = T & { id: string };

export type DemoOptions = {
  seed?: number;
  /** Number of contacts; companies, deals, orders and activities scale with it. */
  contacts?: number;
  /** Activities per contact on average (default 10, tapering to 3 per contact past 20,000 contacts). */
  activitiesPerContact?: number;
};

/** Users are created by the loader (it hashes the password and skips existing emails), so they carry no hash here. */
export type DemoUser = {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: 'rep' | 'manager';
  createdAt: Date;
};

export type DemoRows = {
  users: DemoUser[];
  pipelines: WithId<typeof pipelines.$inferInsert>[];
  pipelineStages: WithId<typeof pipelineStages.$inferInsert>[];
  products: WithId<typeof products.$inferInsert>[];
  companies: WithId<typeof companies.$inferInsert>[];
  contacts: WithId<typeof contacts.$inferInsert>[];
  consentEvents: WithId<typeof consentEvents.$inferInsert>[];
  deals: WithId<typeof deals.$inferInsert>[];
  dealStageHistory: WithId<typeof dealStageHistory.$inferInsert>[];
  orders: WithId<typeof orders.$inferInsert>[];
  orderLines: WithId<typeof orderLines.$inferInsert>[];
  activities: WithId<typeof activities.$inferInsert>[];
};

/** The hidden causes of each contact's behaviour, for tests and for evaluating models against the truth. */
export type ContactTruth = {
  contactId: string;
  b2b: boolean;
  fit: number;
  engagement: number;
  preferredHour: number;
  /** Converted by now. */
  converted: boolean;
  /** Would convert, possibly after now (open deals that will be won). */
  willConvert: boolean;
};

export type DemoData = DemoRows & { truth: ContactTruth[] };

/** Insert order that satisfies every foreign key. */
export const demoTableOrder = [
  'users',
  'pipelines',
  'pipelineStages',
  'products',
  'companies',
  'contacts',
  'consentEvents',
  'deals',
  'dealStageHistory',
  'orders',
  'orderLines',
  'activities',
] as const satisfies readonly (keyof DemoRows)[];
