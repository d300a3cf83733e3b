import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import type { SequencesService } from './sequences.service';

export function createSequenceJobs(sequences: SequencesService) {
  return [
    defineJob({
      name: 'sequences.run',
      schema: z.object({}).passthrough(),
      // Every minute: due steps become outbox rows, tasks or approvals; mail.drain sends them.
      cron: '* * * * *',
      retryLimit: 0,
      handler: async () => sequences.run(),
    }),
  ];
}
