/** Shapes of the mail API (/api/v1/mail/...): the server's OpenAPI schemas (`npm run gen:api`). */
import type { components } from '../../lib/api-schema';

export type Mailbox = components['schemas']['Mailbox'];
export type MailSettings = components['schemas']['MailSettings'];
export type OutboxMessage = components['schemas']['OutboxMessage'];
export type OutboxState = OutboxMessage['state'];
export type MailTemplate = components['schemas']['MailTemplate'];
export const stateTone: Record<OutboxState, 'gray' | 'blue' | 'green' | 'red' | 'amber' | 'indigo'> = {
  queued: 'blue',
  sending: 'indigo',
  sent: 'green',
  failed: 'red',
  unknown: 'amber',
  cancelled: 'gray',
};
