export { computeRfm, type OrderLine, type CustomerRfm, type RfmOptions } from './rfm';
export { quintileScores } from './scores';
export { SEGMENT_DEFINITIONS, segmentFor, fmScore, type SegmentDefinition, type SegmentName } from './named-segments';
export { estimateLifetime, medianGapDays, type LifetimeEstimate, type LifetimeOptions } from './lifetime';
export { segmentCustomers, type SegmentedCustomer, type SegmentSummary } from './segment-customers';
export { clusterRfm, type RfmClustering, type RfmClusterOptions } from './rfm-clusters';
export { resolveColumns, RfmInputError, type OrderColumns } from './columns';
export { parseAmount, parseDate, detectDayOrder, type DayOrder } from './parse-values';
export {
  rfmFromOrderRows,
  type RfmFromRowsOptions,
  type RfmFromRowsResult,
  type RfmCustomerRow,
  type RejectedRows,
} from './rfm-from-rows';
