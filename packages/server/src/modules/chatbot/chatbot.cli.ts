import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { basename } from 'node:path';
import { AppError } from '../../platform/errors';
import { withServices, pickWorkspace, systemActor } from '../../platform/cli-kit';
import { evaluateChatbotCsv, formatChatbotEvaluation } from './csv-evaluate';
import { formatOfFile, kbFormats } from './chatbot.kb';

/** `pipewise chatbot evaluate | ask | kb import`. */
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

  chatbot
    .command('ask')
    .description("what the workspace's bot answers to a question (from its knowledge base; nothing is stored)")
    .argument('<question>', 'the question, in quotes')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .option('--json', 'print JSON')
    .action((question: string, o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const r = await s.chatbot.ask(ws.id, question);
        s.chatbot.engines.stop();
        if (o.json) return console.log(JSON.stringify(r, null, 2));
        console.log(r.text);
        for (const p of r.products) console.log(`  - ${p.name}${p.price === null ? '' : ` (${p.price})`}: ${p.reason}`);
        if (r.suggestions.length) console.log(`  [${r.suggestions.join(' | ')}]`);
        const conf = r.confidence === null ? '' : `, confidence ${r.confidence}`;
        const matched = r.question ? `, matched "${r.question}"` : '';
        console.log(
          `(${r.kind}${conf}${matched}; ${r.milliseconds} ms, engine v${r.engine.version}: ${r.engine.intents} intents, ${r.engine.embedder ?? 'TF-IDF only'})`,
        );
      }),
    );

  const kb = chatbot.command('kb').description("the bot's knowledge base");
  kb.command('import')
    .description('import FAQs (CSV, JSON, Markdown) or a web page split into sections (HTML); the bot retrains')
    .argument('<file>', 'a .csv, .json, .md or .html file')
    .option('--format <format>', `one of ${kbFormats.join(', ')} (default: from the file name)`)
    .option('--keep', 'keep what an earlier import of the same file brought (default: replace it)')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .option('--json', 'print JSON')
    .action((file: string, o) =>
      withServices(async (s) => {
        const format = o.format ?? formatOfFile(file);
        if (!format || !(kbFormats as readonly string[]).includes(format))
          throw new AppError('validation', `Invalid --format: say which of ${kbFormats.join(', ')} ${file} is`, {
            field: '--format',
          });
        let content: string;
        try {
          content = readFileSync(file, 'utf8');
        } catch (e) {
          throw new AppError('validation', `Cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? e})`, {
            field: 'file',
          });
        }
        const ws = await pickWorkspace(s, o.workspace);
        const r = await s.chatbot.importKb(systemActor(ws.id), {
          format,
          content,
          fileName: basename(file),
          replace: !o.keep,
        });
        const built = await s.chatbot.engines.get(ws.id);
        s.chatbot.engines.stop();
        if (o.json)
          return console.log(
            JSON.stringify(
              { created: r.created, replaced: r.replaced, source: r.source, trainSeconds: built.trainSeconds },
              null,
              2,
            ),
          );
        console.log(
          `Imported ${r.created} entries from ${basename(file)}${r.replaced ? ` (replacing ${r.replaced} from its last import)` : ''}.`,
        );
        console.log(
          `The bot retrained in ${built.trainSeconds.toFixed(2)} s: ${built.engine?.report.intents ?? 0} intents, ${built.embedder ?? 'TF-IDF only'}.`,
        );
      }),
    );
}
