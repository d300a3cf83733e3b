/** Shapes of the API records as the web app reads them (docs/api.md). Optional fields are tolerated. */

export type Role = 'owner' | 'admin' | 'manager' | 'rep' | 'viewer';
export const roles: Role[] = ['owner', 'admin', 'manager', 'rep', 'viewer'];
/** The server's ranking (packages/server/src/modules/auth/access.ts), mirrored: the web app is a separate package. */
export const roleRank: Readonly<Record<Role, number>> = { viewer: 0, rep: 1, manager: 2, admin: 3, owner: 4 };
export const atLeast = (role: Role, min: Role) => roleRank[role] >= roleRank[min];
export const lifecycleStages = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'churned'] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];
export type ConsentState = 'granted' | 'denied' | 'unknown';

export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled?: boolean;
  createdAt?: string | null;
};
export type WorkspaceSettings = {
  repsSeeUnassigned: boolean;
  defaultCountry: string;
  currency: string;
  timezone: string;
};
export type Workspace = { id: string; name: string; settings: WorkspaceSettings };
export type Me = { user: User; workspace: Workspace };

export type Contact = {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  title: string | null;
  lifecycleStage: LifecycleStage;
  source: string | null;
  country: string | null;
  city: string | null;
  consentMarketingEmail: ConsentState;
  consentProfiling: ConsentState;
  doNotContact: boolean;
  becameCustomerAt?: string | null;
  companyId: string | null;
  companyName?: string | null;
  ownerId: string | null;
  ownerName?: string | null;
  tags?: string[];
  createdAt: string;
  updatedAt: string;
};

export type Company = {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  sizeBand: string | null;
  employees: number | null;
  annualRevenue: number | null;
  country: string | null;
  city: string | null;
  phone: string | null;
  ownerId: string | null;
  ownerName?: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Stage = { id: string; name: string; position: number; probability: number; kind: 'open' | 'won' | 'lost' };
export type Pipeline = { id: string; name: string; position: number; stages: Stage[] };

export type Deal = {
  id: string;
  name: string;
  amount: number | null;
  currency: string;
  expectedCloseDate: string | null;
  status: 'open' | 'won' | 'lost';
  pipelineId: string;
  stageId: string;
  stageName?: string | null;
  contactId: string | null;
  contactName?: string | null;
  companyId: string | null;
  companyName?: string | null;
  ownerId: string | null;
  ownerName?: string | null;
  closedAt?: string | null;
  stageEnteredAt?: string;
  createdAt: string;
  updatedAt: string;
};

export type ActivityType =
  | 'email_sent'
  | 'email_opened'
  | 'email_clicked'
  | 'email_replied'
  | 'call'
  | 'meeting'
  | 'note'
  | 'task'
  | 'web_visit'
  | 'form_fill'
  | 'chat';

export type Activity = {
  id: string;
  type: ActivityType;
  occurredAt: string;
  subject: string | null;
  body: string | null;
  contactId: string | null;
  contactName?: string | null;
  dealId: string | null;
  ownerName?: string | null;
  metadata?: Record<string, unknown>;
};

export type Order = {
  id: string;
  number: string | null;
  orderedAt: string;
  status: 'pending' | 'paid' | 'fulfilled' | 'cancelled' | 'refunded';
  currency: string;
  total: number;
  contactName?: string | null;
};

export type Timeline = { activities: Activity[]; deals: Deal[]; orders: Order[] };

export type Job = {
  id: string;
  name: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  message?: string | null;
  result?: unknown;
  error?: string | null;
};

export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy?: string | null;
  ownedByWorkspace?: boolean;
};
