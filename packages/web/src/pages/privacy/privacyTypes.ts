/** Shapes of the privacy API: the server's OpenAPI schemas (`npm run gen:api`). */
import type { components } from '../../lib/api-schema';
import type { ApiResponse } from '../../lib/client';

export type Consent = components['schemas']['Consent'];
export type PurposeState = Consent['purposes'][number];
export type ConsentEvent = Consent['history'][number];
export type ConsentPurpose = PurposeState['purpose'];
export type ConsentState = PurposeState['state'];
export type Notice = components['schemas']['PrivacyNotice'];
export type Retention = ApiResponse<'/api/v1/privacy/retention', 'get'>;
export type RetentionPreview = ApiResponse<'/api/v1/privacy/retention/preview', 'get'>;
export type NoticeSettings = ApiResponse<'/api/v1/privacy/notice-settings', 'get'>;
export type RecordOfProcessing = ApiResponse<'/api/v1/privacy/record-of-processing', 'get'>;
export const legalBases = ['consent', 'legitimate_interest', 'contract', 'legal_obligation'] as const;
