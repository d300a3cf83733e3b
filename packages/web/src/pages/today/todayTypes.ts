export type WorklistItem = {
  key: string;
  kind: 'new_lead' | 'follow_up' | 'deal_at_risk' | 'churn_risk' | 'upsell';
  title: string;
  why: string;
  action: 'call' | 'email' | 'meeting';
  bestHour: number | null;
  bestHourNote: string | null;
  expectedValue: number;
  valueBasis: string;
  urgency: 'overdue' | 'today' | 'soon';
  dueAt: string | null;
  priority: number;
  contactId: string | null;
  contactName: string | null;
  dealId: string | null;
  productId: string | null;
  /** On the team list: whose item it is. */
  assigneeId?: string;
  assigneeName?: string;
};
export type Worklist = {
  user: { id: string; name: string; email: string };
  generatedAt: string;
  timezone: string;
  settings: { responseTargetHours: number; stallMultiple: number };
  items: WorklistItem[];
  counts: Record<string, number>;
  notes: string[];
};
export type RepLoad = {
  userId: string;
  name: string;
  email: string;
  role: string;
  territory: string | null;
  capacity: number;
  openDeals: number;
  openLeads: number;
  load: number;
};
export type Load = { reps: RepLoad[]; unassignedLeads: number };
