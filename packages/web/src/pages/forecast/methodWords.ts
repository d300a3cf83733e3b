/** The chosen forecasting method in plain words, read from its name (ETS letters, combination members). */
export function methodInWords(method: string): string {
  if (method === 'none') return 'No forecast: there is no history yet';
  if (method.startsWith('comb(')) {
    const members = splitMembers(method.slice(5, -1)).map(memberInWords);
    return `An equal-weight average of ${members.length} models: ${members.join('; ')}`;
  }
  if (method.startsWith('pipeline')) return 'Open deals weighted by their win probability';
  return capitalise(memberInWords(method));
}

function memberInWords(method: string): string {
  const ets = /^(damped )?ETS\(([AM]),(N|A|Ad|M|Md),(N|A|M)\)$/.exec(method);
  if (ets) {
    const [, , , trend, season] = ets;
    const t = trend === 'N' ? 'no trend' : trend!.endsWith('d') ? 'a trend that flattens out' : 'a steady trend';
    const s =
      season === 'N'
        ? 'no seasonality'
        : season === 'A'
          ? 'a seasonal pattern of fixed size'
          : 'a seasonal pattern that grows with the level';
    return `exponential smoothing (recent periods weigh most) with ${t} and ${s}`;
  }
  if (method === 'theta(seasonal)') return 'the Theta method on seasonally adjusted sales';
  if (method === 'theta') return 'the Theta method: a smoothed level plus half the long-run trend';
  if (method === 'snaive') return 'the same period one season earlier';
  if (method === 'naive') return 'the last value carried forward (too little history for more)';
  if (method === 'mean') return 'the historical average';
  if (method.startsWith('croston')) return "Croston's method for sparse sales: the expected amount per period";
  if (method === 'constant') return 'a flat line: the history never changes';
  return method;
}

/** "ETS(A,N,N), damped ETS(A,Ad,N), theta" → its members (commas inside parentheses kept). */
function splitMembers(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
