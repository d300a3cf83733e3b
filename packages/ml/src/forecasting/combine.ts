import type { ModelForecast } from './types';

/**
 * Equal-weight combination. Combining ETS, Theta and damped trend (the M3 "SHD"/comb family)
 * is consistently more accurate than choosing one of them. The sd is the mean of the members'
 * sds, i.e. it assumes the members' errors are perfectly correlated (a slightly wide interval).
 */
export function combine(members: ModelForecast[], name?: string): ModelForecast {
  const h = members[0]!.mean.length;
  const mean = new Float64Array(h);
  const sd = new Float64Array(h);
  for (const f of members) {
    for (let i = 0; i < h; i++) {
      mean[i] = mean[i]! + f.mean[i]! / members.length;
      sd[i] = sd[i]! + f.sd[i]! / members.length;
    }
  }
  return { name: name ?? `comb(${members.map((m) => m.name).join(', ')})`, mean, sd };
}
