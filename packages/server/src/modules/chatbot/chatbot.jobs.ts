import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import type { ChatbotService } from './chatbot.service';

/**
 * `chatbot.retrain`: trains a workspace's engine now (after a deploy, or from the CLI). Edits retrain on their own
 * (debounced, in the process that took the edit; other processes rebuild when they see the newer KB version), so this
 * job only warms the cache: it is idempotent and cheap to repeat.
 */
export function createChatbotJobs(chatbot: ChatbotService) {
  return [
    defineJob({
      name: 'chatbot.retrain',
      schema: z.object({}).passthrough(),
      perWorkspace: true,
      async handler(ctx) {
        await ctx.progress(0.1, 'Training the chatbot on the knowledge base');
        const built = await chatbot.engines.get(ctx.workspaceId!);
        await ctx.progress(1, `Trained in ${built.trainSeconds.toFixed(2)} s`);
        return { version: built.version, trainSeconds: built.trainSeconds, intents: built.engine?.report.intents ?? 0 };
      },
    }),
  ];
}
