export type ScoringTarget = 'contact_conversion' | 'deal_won';
export type Factor = { feature: string; value: string | number | null; label: string; contribution: number };
export type Metrics = {
  auc: number | null;
  prAuc: number | null;
  brier: number | null;
  logLoss: number | null;
  liftAt10: number | null;
  n: number;
  positives: number;
};
export type CalibrationPoint = {
  lower: number;
  upper: number;
  count: number;
  predicted: number | null;
  observed: number | null;
};
export type GainsPoint = { fraction: number; gain: number; lift: number | null };
export type Confusion = {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
};

export type ModelSummary = {
  id: string;
  target: ScoringTarget;
  version: number;
  state: 'candidate' | 'active' | 'retired';
  family: string;
  snapshot: {
    id: string;
    examples: number;
    positives: number;
    negatives: number;
    from: string | null;
    to: string | null;
  };
  ready: boolean;
  notReadyReasons: string[];
  trainedAt: string;
  trainedBy: string;
  approvedBy: string | null;
  approvalNote: string | null;
  activatedAt: string | null;
  retiredAt: string | null;
  auc: number | null;
  brier: number | null;
  fairnessPassed: boolean | null;
  fairnessAcknowledged: boolean;
};

export type FairnessGroup = {
  group: string;
  n: number;
  positives: number;
  selectionRate: number | null;
  selectionRatio: number | null;
  tpr: number | null;
  tprDifference: number | null;
  meanProbability: number | null;
  positiveRate: number | null;
  judged: boolean;
};
export type FairnessAudit = {
  passed: boolean;
  tierCuts: (number | null)[];
  selectedTiers: string[];
  missing: string[];
  attributes: {
    attribute: string;
    passed: boolean;
    failures: string[];
    minSelectionRatio: number | null;
    tprDifference: number | null;
    maxCalibrationGap: number | null;
    proxies: { feature: string; measure: 'cramers_v' | 'correlation_ratio'; association: number | null }[];
    groups: FairnessGroup[];
  }[];
};
export type SensitiveAttribute = { key: string; bands?: number[]; useAsInput?: boolean };

export type Report = {
  target: ScoringTarget;
  chosen: string;
  reason: string;
  warnings: string[];
  fallback: string | null;
  test:
    | (Metrics & {
        family: string;
        calibration: CalibrationPoint[];
        ece: number | null;
        gains: GainsPoint[];
        confusion: Confusion;
      })
    | null;
  testWindow: { from: string; to: string; rows: number } | null;
  baseline: (Metrics & { name: string }) | null;
  previous: (Metrics & { version: number }) | null;
  notReadyReasons: string[];
  fairness?: FairnessAudit | null;
};

export type ModelDetail = ModelSummary & {
  features: string[];
  params: Record<string, unknown>;
  report: Report;
  card: {
    intendedUse: string;
    notFor: string;
    data: string;
    features: string[];
    excludedAttributes: string[];
    limits: string[];
    evaluation: string;
    fairness?: { passed: boolean | null; summary: string[] };
  };
  fairnessAcknowledgement: { by: string; reason: string; at: string } | null;
};

export type TargetStatus = {
  target: ScoringTarget;
  entity: 'contact' | 'deal';
  active: {
    id: string;
    version: number;
    family: string;
    activatedAt: string;
    ready: boolean;
    horizonDays: number | null;
  } | null;
  fallback: string | null;
  tiers: Record<'A' | 'B' | 'C' | 'D', number>;
};
export type ScoringStatus = {
  horizonDays: number;
  sensitiveAttributes: SensitiveAttribute[];
  targets: TargetStatus[];
  models: ModelSummary[];
};

export type ScoreRow = {
  entityId: string;
  probability: number;
  tier: string;
  modelTier: string;
  overridden: boolean;
  modelVersion: number;
  scoredAt: string;
};
export type Explained = {
  entity: 'contact' | 'deal';
  entityId: string;
  fallback: string | null;
  score: {
    probability: number;
    tier: string;
    modelTier: string;
    factors: { positive: Factor[]; negative: Factor[] };
    scoredAt: string;
    override: { tier: string; reason: string; by: string; at: string } | null;
  } | null;
  model: { id: string; version: number; family: string | null } | null;
  feedback: { id: string; overrideTier: string; reason: string; createdAt: string; tier: string | null }[];
};

export const targetLabel: Record<ScoringTarget, string> = {
  contact_conversion: 'Leads: becomes a customer',
  deal_won: 'Deals: won',
};
export const familyLabel: Record<string, string> = {
  gbdt: 'Boosted trees',
  logistic: 'Logistic regression',
  'naive-bayes': 'Naive Bayes',
  rules: 'Rules (points)',
  blend: 'Blend',
};
export const fmt = (x: number | null | undefined, d = 3) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d);
export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);
