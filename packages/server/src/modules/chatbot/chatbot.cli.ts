import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../platform/errors';
import { evaluateChatbotCsv, formatChatbotEvaluation } from './csv-evaluate';

/** `pipewise chatbot evaluate`. */
export function registerChatbotCommands(program: Command) {
  const chatbot = program.command('chatbot').description("the website chatbot's intent engine");

  chatbot
    .command('evaluate')
    .description('train the intent engine on one labelled CSV and measure it on another (outside any workspace)')
    .requiredOption('--train <file>', 'CSV of training questions')
    .requiredOption('--test <file>', 'CSV of test questions (same columns)')
    .requiredOption('--text <column>', 'the column with the question')
    .requiredOption('--label <column>', 'the column with the intent')
    .option('--oos-label <label>', 'the label of out-of-scope questions (the bot must hand them to a person)')
    .option('--no-embeddings', 'TF-IDF alone: do not load the sentence-embedding model')
    .option('--json', 'print JSON')
    .action(async (o) => {
      const read = (option: string, file: string) => {
        try {
          return readFileSync(file, 'utf8');
        } catch (e) {
          const why = (e as NodeJS.ErrnoException).code ?? String(e);
          throw new AppError('validation', `--${option}: cannot read ${file} (${why})`, { field: option });
        }
      };
      const result = await evaluateChatbotCsv(read('train', o.train), read('test', o.test), {
        text: o.text,
        label: o.label,
        oosLabel: o.oosLabel,
        embeddings: o.embeddings,
      });
      console.log(o.json ? JSON.stringify(result, null, 2) : formatChatbotEvaluation(result, o.train, o.test));
    });
}
