export { createRng, type Rng } from './prng';
export { matrixFromRows, squaredDistance, standardize, log1pStandardize, type Matrix } from './matrix';
export { kmeans, kmeansRuns, type KMeansOptions, type KMeansResult } from './kmeans';
export { silhouette, silhouetteValues, type SilhouetteOptions } from './silhouette';
export { chooseK, type ChooseKOptions, type ChooseKResult, type KSweepPoint } from './choose-k';
export { profileClusters, quantile, type ClusterProfile, type FeatureWords } from './profile';
