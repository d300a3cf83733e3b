export { tableFromRows, inferSchema, encodeRows, takeRows, displayValue, OTHER } from './table';
export type { Table, TableSchema, TableOptions, FeatureSpec, EncodedColumn, RawRow, RawValue } from './table';
export type { ScoringModel, ModelFamily, ModelJSON, Contribution } from './model';
export { predictProba } from './model';
export { createRng, type Rng } from './random';
export { scoreProbability, SCORE_FLOOR } from './math';
export { trainGbdt, DEFAULT_GBDT, type GbdtParams, type GbdtFit } from './gbdt/train-gbdt';
export { GbdtModel } from './gbdt/gbdt-model';
export { trainLogistic, LogisticModel, type LogisticParams } from './logistic';
export { trainNaiveBayes, NaiveBayesModel, NB_SMOOTHING } from './naive-bayes';
export { trainRules, defaultRules, RulesModel, type PointsRule } from './rules';
export { BlendModel, type BlendMember } from './blend';
export {
  calibrate,
  calibrateAll,
  fitPlatt,
  fitIsotonic,
  chooseCalibrator,
  type Calibrator,
  type CalibrationChoice,
} from './calibration';
export { modelFromJSON } from './serialize';
export { LeadScorer, type RowScore, type CandidateReport, type ScorerJSON } from './scorer';
export {
  autoTrain,
  autoTrainParallel,
  MIN_OUTCOMES,
  MIN_OUTCOMES_NAIVE_BAYES,
  type AutoTrainOptions,
} from './auto-train';
export { evaluateTable, type EvaluateOptions, type EvaluateResult, type FactorImportance } from './evaluate';
