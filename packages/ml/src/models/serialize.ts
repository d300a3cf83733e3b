import { BlendModel } from './blend';
import { GbdtModel } from './gbdt/gbdt-model';
import { LogisticModel } from './logistic';
import type { ModelJSON, ScoringModel } from './model';
import { NaiveBayesModel } from './naive-bayes';
import { RulesModel } from './rules';

/** Rebuilds a model from its toJSON() form (as stored in the model registry). */
export function modelFromJSON(j: ModelJSON): ScoringModel {
  if (j.version !== 1) throw new Error(`unsupported model version ${String(j.version)}`);
  switch (j.family) {
    case 'gbdt':
      return GbdtModel.fromJSON(j);
    case 'logistic':
      return LogisticModel.fromJSON(j);
    case 'naive-bayes':
      return NaiveBayesModel.fromJSON(j);
    case 'rules':
      return RulesModel.fromJSON(j);
    case 'blend': {
      const members = j.members as { weight: number; scale: number; shift: number; model: ModelJSON }[];
      return new BlendModel(
        members.map((m) => ({ weight: m.weight, scale: m.scale, shift: m.shift, model: modelFromJSON(m.model) })),
      );
    }
  }
}
