import { Readable } from 'node:stream';
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailboxRow } from './mail.repo';

/** How long an SMTP conversation may take at most; a row `sending` for longer than the lease belongs to a dead sender. */
export const SOCKET_TIMEOUT_MS = 60_000;
export const SENDING_LEASE_MS = 5 * 60_000;
/** Parallel SMTP connections per mailbox while draining (providers commonly allow a handful). */
export const SMTP_CONNECTIONS = 4;

export function smtpTransport(
  mailbox: MailboxRow,
  password: string | null,
  opts: { pool?: boolean } = {},
): Transporter {
  return nodemailer.createTransport({
    host: mailbox.smtpHost,
    port: mailbox.smtpPort,
    secure: mailbox.smtpSecurity === 'tls',
    requireTLS: mailbox.smtpSecurity === 'starttls',
    ignoreTLS: mailbox.smtpSecurity === 'none',
    auth: mailbox.smtpUser ? { user: mailbox.smtpUser, pass: password ?? '' } : undefined,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: SOCKET_TIMEOUT_MS,
    ...(opts.pool ? { pool: true, maxConnections: SMTP_CONNECTIONS, maxMessages: 500 } : {}),
  });
}

type SmtpError = Error & { code?: string; responseCode?: number; command?: string; response?: string };

/**
 * What a failed send means for the message. `handedOver` says whether the SMTP client started reading the message
 * body (the DATA stage): nodemailer reports a connection dropped after DATA exactly like one that never opened
 * ("ECONNECTION", command "CONN"), so the stage is tracked by us, not read from the error.
 * - retry: the server said "not now" (4xx), or nothing of the message left this process;
 * - failed: the server refused for good (5xx); `hardBounce` when it refused the recipient;
 * - unknown: the conversation broke without an answer after the message was handed over.
 */
export function classifySmtpError(
  e: unknown,
  handedOver: boolean,
): { outcome: 'retry' | 'failed' | 'unknown'; hardBounce: boolean } {
  const err = e as SmtpError;
  const code = err.responseCode;
  if (typeof code === 'number' && code >= 400 && code < 500) return { outcome: 'retry', hardBounce: false };
  if (typeof code === 'number' && code >= 500) {
    const recipientRefused =
      err.command === 'RCPT TO' &&
      (code === 550 || code === 551 || code === 553 || /\b5\.1\.[0-9]\b/.test(err.response ?? ''));
    return { outcome: 'failed', hardBounce: recipientRefused };
  }
  return { outcome: handedOver ? 'unknown' : 'retry', hardBounce: false };
}

/** The message as bytes, so that the moment the SMTP client starts reading it (DATA) can be observed. */
export async function buildMessage(options: Mail.Options): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}
export function observedStream(message: Buffer) {
  const state = { handedOver: false };
  const stream = new Readable({
    read() {
      state.handedOver = true;
      this.push(message);
      this.push(null);
    },
  });
  return { stream, state };
}

/** A message a person can act on: which server, what it said. */
export function describeSmtpError(
  e: unknown,
  mailbox?: Pick<MailboxRow, 'smtpHost' | 'smtpPort' | 'smtpUser'>,
  handedOver = false,
): string {
  const err = e as SmtpError;
  const where = mailbox ? `${mailbox.smtpHost}:${mailbox.smtpPort}` : 'the SMTP server';
  const said = err.response ? `: ${err.response}` : err.message ? `: ${err.message}` : '';
  if (handedOver && typeof err.responseCode !== 'number')
    return `The connection to ${where} broke after the message was handed over, before the server confirmed it${said}`;
  if (err.code === 'EAUTH')
    return `The SMTP server ${where} refused the login${mailbox?.smtpUser ? ` for ${mailbox.smtpUser}` : ''}${said}`;
  if (err.code === 'ECONNECTION' || err.code === 'ESOCKET' || err.code === 'EDNS' || err.command === 'CONN')
    return `Could not connect to ${where}${said}`;
  if (err.code === 'ETIMEDOUT') return `${where} did not answer in time${said}`;
  if (typeof err.responseCode === 'number')
    return `${where} answered ${err.responseCode}${err.command ? ` to ${err.command}` : ''}${said}`;
  return `Sending through ${where} failed${said}`;
}
