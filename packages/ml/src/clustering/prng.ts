/** Clustering draws from the one seeded generator (../random.ts) with the seed as its raw state. */
export { mulberry32 as createRng, type Rng } from '../random';
