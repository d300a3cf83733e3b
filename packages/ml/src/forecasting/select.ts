import { combine } from './combine';
import { etsForecast, etsName, fitEtsCandidates, smallestAicc } from './ets';
import { thetaForecast } from './theta';
import type { ModelForecast } from './types';

export interface Selection {
  fc: ModelForecast;
  reason: string;
}

/**
 * The default model: equal-weight combination of the AICc-best ETS model, the AICc-best
 * damped-trend ETS model and Theta.
 */
export function selectByValidation(x: Float64Array, period: number, h: number, _validate: boolean): Selection | null {
  const fits = fitEtsCandidates(x, period);
  const best = smallestAicc(fits);
  const damped = smallestAicc(fits.filter((f) => f.spec.trend === 'Ad'));
  const theta = thetaForecast(x, period, h);
  const members: ModelForecast[] = [];
  if (best) members.push(etsForecast(best, h));
  if (damped) members.push({ ...etsForecast(damped, h), name: `damped ${etsName(damped.spec)}` });
  if (theta) members.push(theta.forecast);
  if (members.length === 0) return null;
  if (members.length === 1) return { fc: members[0]!, reason: `only ${members[0]!.name} could be fitted` };
  return { fc: combine(members), reason: 'equal-weight combination of AICc-best ETS, AICc-best damped ETS and Theta' };
}
