export { rocAuc, prAuc, liftAt, cumulativeGains, rankDescending, type GainsPoint } from './ranking';
export { brier, logLoss, calibrationCurve, type CalibrationBin } from './probability';
export { confusionAtBestF1, type ConfusionMatrix } from './confusion';
