export { normalizeText, words, wordNgrams, charNgrams } from './tokenize';
export type { SparseVector } from './sparse';
export { TfidfVectorizer, TfidfBlock, DEFAULT_BLOCKS, type TfidfBlockSpec } from './tfidf';
export { Bm25Index, DEFAULT_BM25, type Bm25Doc, type Bm25Hit, type Bm25Params } from './bm25';
export { LinearSvm, DEFAULT_SVM, type LinearSvmParams } from './linear-svm';
export { softmax, fitTemperature, meanNll } from './temperature';
export { chooseThreshold, DEFAULT_THRESHOLD, type ThresholdChoice, type ValidationOutcome } from './threshold';
export {
  IntentClassifier,
  DEFAULT_CLASSIFIER,
  type IntentClassifierOptions,
  type LabelledText,
  type RankedLabel,
} from './intent-classifier';
export { loadUseLite, USE_LITE_NAME, type Embedder, type LoadedEmbedder } from './embeddings';
export {
  FaqEngine,
  DEFAULT_FAQ_OPTIONS,
  HANDOFF_MESSAGE,
  OUT_OF_SCOPE,
  type FaqIntent,
  type FaqSection,
  type FaqTrainingSet,
  type FaqEngineOptions,
  type FaqPrediction,
  type FaqReply,
  type FaqEngineReport,
} from './faq-engine';
export {
  evaluateIntents,
  trainAndEvaluateIntents,
  macroF1,
  type IntentEvaluation,
  type EvaluateIntentsOptions,
} from './evaluate';
export { guessLanguage, type LanguageGuess } from './language';
