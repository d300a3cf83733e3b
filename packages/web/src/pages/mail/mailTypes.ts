/** Shapes of the mail API (/api/v1/mail/...), as the server's OpenAPI schemas describe them. */
export type Mailbox = {
  id: string;
  name: string;
  userId: string | null;
  fromName: string;
  fromAddress: string;
  smtp: {
    host: string;
    port: number;
    security: 'tls' | 'starttls' | 'none';
    user: string | null;
    hasPassword: boolean;
  };
  imap: {
    host: string;
    port: number;
    tls: boolean;
    user: string;
    hasPassword: boolean;
    lastPolledAt: string | null;
    lastError: string | null;
  } | null;
  dailyCap: number;
  perMinute: number;
  isDefault: boolean;
  sentLast24h: number;
  createdAt: string;
  updatedAt: string;
};
export type MailSettings = { postalAddress: string; marketingOptIn: 'eu' | 'always' | 'never'; trackOpens?: boolean };
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown' | 'cancelled';
export type OutboxMessage = {
  id: string;
  mailboxId: string;
  contactId: string | null;
  kind: 'marketing' | 'transactional';
  source: string;
  toAddress: string;
  subject: string;
  bodyText: string;
  messageId: string;
  threadId: string;
  state: OutboxState;
  sendAfter: string;
  attempts: number;
  sentAt: string | null;
  lastError: string | null;
  smtpResponse: string | null;
  resolution: string | null;
  createdAt: string;
};
export type MailTemplate = {
  id: string;
  name: string;
  kind: 'marketing' | 'transactional';
  subject: string;
  bodyHtml: string;
  bodyText: string;
};
export const stateTone: Record<OutboxState, 'gray' | 'blue' | 'green' | 'red' | 'amber' | 'indigo'> = {
  queued: 'blue',
  sending: 'indigo',
  sent: 'green',
  failed: 'red',
  unknown: 'amber',
  cancelled: 'gray',
};
