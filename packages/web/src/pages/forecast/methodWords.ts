/** The models' machine name in plain words, for people who never heard of ETS. */
export function methodInWords(method: string): string {
  if (method === 'none') return 'No forecast: there is no history yet';
  if (method.startsWith('comb(')) return 'A blend of exponential smoothing (trend and seasonality) and the Theta method, averaged with equal weights';
  if (method.startsWith('damped ETS')) return 'Exponential smoothing with a trend that flattens out';
  if (method.startsWith('ETS')) return 'Exponential smoothing: recent periods weigh most, with trend and seasonality where the data show them';
  if (method.startsWith('theta')) return method.includes('seasonal') ? 'The Theta method on seasonally adjusted sales' : 'The Theta method: a smoothed level plus half the long-run trend';
  if (method === 'snaive') return 'The same period one season earlier';
  if (method === 'naive') return 'The last value carried forward (too little history for more)';
  if (method === 'mean') return 'The historical average';
  if (method.startsWith('croston')) return "Croston's method for sparse sales: the expected amount per period";
  if (method === 'constant') return 'A flat line: the history never changes';
  if (method.startsWith('pipeline')) return 'Open deals weighted by their win probability';
  return method;
}
