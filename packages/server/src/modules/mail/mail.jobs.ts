import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import type { MailService } from './mail.service';
import type { MailInbound } from './mail.inbound';

export function createMailJobs(mail: MailService, inbound: MailInbound) {
  return [
    defineJob({
      name: 'mail.drain',
      schema: z.object({}).passthrough(),
      // Every minute for scheduled messages and retries; compose also queues a run at once.
      cron: '* * * * *',
      retryLimit: 0,
      handler: async () => mail.drain(),
    }),
    defineJob({
      name: 'mail.poll',
      schema: z.object({}).passthrough(),
      cron: '*/2 * * * *',
      retryLimit: 0,
      handler: async () => inbound.pollAll(),
    }),
  ];
}
