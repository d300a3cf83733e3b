export { forecast } from './forecast';
export { ForecastInputError } from './errors';
export { smape, mase, mape, bias } from './metrics';
export type { ForecastMethod, ForecastOptions, ForecastResult } from './types';
