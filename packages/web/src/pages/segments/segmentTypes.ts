/** Shapes returned by /api/v1/segments* and /api/v1/recommendations* (see the server's segments module). */
export type SegmentSummary = {
  name: string;
  customers: number;
  share: number;
  revenue: number;
  revenueShare: number;
  churnRisk: number;
  meaning: string;
  action: string;
  cells: string;
};
export type GridCell = { r: number; fm: number; customers: number; revenue: number; segment: string };
export type SweepPoint = { k: number; silhouette: number; inertia: number };
export type ClusterProfile = {
  cluster: number;
  size: number;
  share: number;
  medians: number[];
  levels: string[];
  label: string;
  description: string;
  name: string;
  categorical: { feature: string; value: string; share: number }[];
};
export type ModelScore = {
  model: string;
  customers: 'returning' | 'new';
  evaluated: number;
  hitRate: number;
  recall: number;
};
export type Evaluation = {
  message: string | null;
  cutoff?: string;
  n?: number;
  split?: { trainPurchases: number; testPurchases: number; returningCustomers: number; newCustomers: number };
  models: ModelScore[];
};
export type RunSummary = {
  asOf: string;
  measuredFrom?: 'today' | 'data_end';
  recencyWindowDays?: number;
  customers: number;
  revenue: number;
  totalClv: number;
  churnRisk: number;
  singleOrderCustomers: number;
  returnsNetted: number;
  segments: SegmentSummary[];
  grid: GridCell[];
  clusters: { features: string[]; sweep: SweepPoint[]; bestK: number | null; profiles: ClusterProfile[] };
  evaluation: Evaluation | null;
  warnings: string[];
};
export type SegmentsLatest = {
  run: {
    id: string;
    asOf: string;
    createdAt: string;
    customers: number;
    options: Record<string, unknown>;
    summary: RunSummary;
  } | null;
  definitions: { name: string; meaning: string; action: string; cells: string }[];
  message: string | null;
};
export type Member = {
  contact_id: string;
  name: string;
  email: string | null;
  country: string | null;
  owner_name: string | null;
  recency_days: number | null;
  frequency: number | null;
  monetary: number | null;
  r: number | null;
  f: number | null;
  m: number | null;
  segment: string | null;
  cluster: number | null;
  clv: number | null;
  churn_risk: boolean | null;
  last_order_at: string | null;
};
export type MemberFilter = { segment?: string; cluster?: number; churnRisk?: boolean; rule?: string; label: string };
export type RuleSegment = {
  id: string;
  name: string;
  description: string | null;
  rules: { field: string; op: string; value: string }[];
  memberCount: number;
  computedAt: string | null;
  lastError: string | null;
};
export type Recommended = {
  productId: string;
  name: string;
  sku: string | null;
  price: number | null;
  reason: string;
  score?: number;
  source?: string;
  confidence?: number;
  lift?: number;
  orders?: number;
};
