export { buildPurchaseIndex, itemPopularity, type Purchase, type PurchaseIndex } from './purchase-index';
export {
  buildCooccurrence,
  boughtTogether,
  allRules,
  type AssociationRule,
  type CooccurrenceModel,
} from './bought-together';
export { createItemCf, type ItemCfModel, type ItemCfOptions, type Recommendation } from './item-cf';
export { evaluateTimeSplit, type TimeSplitOptions, type TimeSplitResult, type ModelScore } from './evaluate';
