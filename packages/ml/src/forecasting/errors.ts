/** Thrown for caller mistakes (bad horizon, bad period, no data); `field` names the offending option. */
export class ForecastInputError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'ForecastInputError';
    this.field = field;
  }
}
