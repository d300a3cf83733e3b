import type { Contribution, ModelJSON, ScoringModel } from './model';
import type { Table } from './table';

export interface BlendMember {
  model: ScoringModel;
  /** Member margin m enters as weight * (scale * m + shift): its Platt-calibrated log-odds, weighted. */
  weight: number;
  scale: number;
  shift: number;
}

/**
 * Weighted average of members' calibrated log-odds. Being linear in each member's margin, its
 * explanations are exactly the weighted sums of the members' explanations.
 */
export class BlendModel implements ScoringModel {
  readonly family = 'blend' as const;

  constructor(readonly members: BlendMember[]) {}

  margin(t: Table): Float64Array {
    const out = new Float64Array(t.n);
    for (const mb of this.members) {
      const m = mb.model.margin(t);
      for (let i = 0; i < t.n; i++) out[i] = out[i]! + mb.weight * (mb.scale * m[i]! + mb.shift);
    }
    return out;
  }

  contributions(t: Table, i: number): { baseline: number; factors: Contribution[] } {
    let baseline = 0;
    const byFeature = new Map<string, Contribution>();
    for (const mb of this.members) {
      const c = mb.model.contributions(t, i);
      baseline += mb.weight * (mb.scale * c.baseline + mb.shift);
      for (const f of c.factors) {
        const prev = byFeature.get(f.feature);
        const add = mb.weight * mb.scale * f.contribution;
        if (prev) prev.contribution += add;
        else byFeature.set(f.feature, { ...f, contribution: add });
      }
    }
    return { baseline, factors: [...byFeature.values()] };
  }

  toJSON(): ModelJSON {
    return {
      family: 'blend',
      version: 1,
      members: this.members.map((m) => ({ weight: m.weight, scale: m.scale, shift: m.shift, model: m.model.toJSON() })),
    };
  }
}
