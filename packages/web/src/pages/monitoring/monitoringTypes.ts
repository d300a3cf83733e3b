export type Figures = {
  n: number;
  positives: number;
  baseRate: number;
  auc: number | null;
  brier: number;
  calibrationError: number;
  calibration: { decile: number; n: number; predicted: number; observed: number }[];
  tiers: { tier: string; n: number; conversion: number }[];
  topTierLift: number | null;
};
export type ModelBrief = {
  id: string;
  version: number;
  family: string;
  trainedAt: string;
  activatedAt: string | null;
  auc: number | null;
  brier: number | null;
  ready: boolean;
} | null;
export type Alert = { kind: 'auc_below_bar' | 'calibration' | 'drift'; message: string; value: number; limit: number };
export type TargetHealth = {
  target: 'contact_conversion' | 'deal_won';
  entity: 'contact' | 'deal';
  promotionBar: number;
  active: ModelBrief;
  candidate: ModelBrief;
  logged: number;
  resolved: number;
  overall: Figures | null;
  window: Figures | null;
  overTime: (Figures & { period: string; modelVersion: number })[];
  overrides: { overrides: number; overrideRight: number; modelRight: number; overrideRightRate: number | null };
  alerts: Alert[];
  driftCheckedAt: string | null;
  driftedFeatures: string[];
  suggestion: string | null;
};
export type Health = {
  now: string;
  /** Segment churn-risk hit rate: of the customers flagged N days ago, how many did not buy since. */
  churn: {
    days: number;
    flaggedAt: string | null;
    customers: number;
    flagged: number;
    flaggedNotBought: number;
    hitRate: number | null;
    baseRate: number | null;
    lift: number | null;
    message: string | null;
  };
  period: 'month' | 'week';
  windowDays: number;
  targets: TargetHealth[];
  forecasts: {
    id: string;
    kind: string;
    metric: string;
    grain: string;
    method: string;
    trainedThrough: string;
    periods: number;
    mase: number | null;
    coverage80: number | null;
    coverage95: number | null;
  }[];
};
export type Drift = {
  target: string;
  checkedAt: string | null;
  modelVersion: number | null;
  features: {
    feature: string;
    test: string;
    statistic: number;
    pValue: number | null;
    threshold: number;
    drifted: boolean;
    psi: number;
    psiDrifted: boolean;
    referenceRows: number;
    currentRows: number;
  }[];
};
