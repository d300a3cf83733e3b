/** Shapes of the model-health API (/api/v1/monitoring): the server's OpenAPI schemas (`npm run gen:api`). */
import type { ApiResponse } from '../../lib/client';

export type Health = ApiResponse<'/api/v1/monitoring', 'get'>;
export type TargetHealth = Health['targets'][number];
export type Figures = NonNullable<TargetHealth['overall']>;
export type ModelBrief = TargetHealth['active'];
export type Alert = TargetHealth['alerts'][number];
export type Drift = ApiResponse<'/api/v1/monitoring/drift', 'get'>;
