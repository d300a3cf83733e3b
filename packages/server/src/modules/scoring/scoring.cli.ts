import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { withServices, pickWorkspace, systemActor, progressBar } from '../../platform/cli-kit';
import { AppError } from '../../platform/errors';
import { HORIZON_DAYS, scoringTargets, type ScoringTarget } from './scoring.schema';
import { evaluateCsv, formatEvaluation, parseBands, predictionsCsv } from './csv-evaluate';

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;
const fx = (x: unknown, d = 3) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/** Whole days in the range the API accepts; anything else names the option. */
function horizonDays(raw: string): number {
  const n = Number(raw);
  const { min, max } = HORIZON_DAYS;
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max)
    throw new AppError('validation', `--horizon must be a whole number of days from ${min} to ${max} (got "${raw}")`, {
      horizon: raw,
    });
  return n;
}

/** `pipewise score train|run|evaluate|explain|settings`. */
export function registerScoringCommands(program: Command) {
  const score = program
    .command('score')
    .description('lead and deal scoring: train, score, evaluate, explain, settings');

  score
    .command('settings')
    .description('show the lead target (a contact becomes a customer within N days), or change N with --horizon')
    .option(
      '--horizon <days>',
      'days within which a lead must become a customer to count as converted (7-730; default 90)',
    )
    .option('--json', 'print JSON')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const days = o.horizon === undefined ? null : horizonDays(String(o.horizon));
        const ws = await pickWorkspace(s, o.workspace);
        const actor = systemActor(ws.id);
        if (days !== null) await s.scoring.setHorizon(actor, days);
        const { horizonDays: current } = await s.scoring.status(actor);
        if (o.json) return console.log(JSON.stringify({ horizonDays: current }));
        console.log(
          `Lead target: a contact becomes a customer within ${current} days${days !== null ? ' (saved; the next training uses it: `pipewise score train`)' : ''}`,
        );
      }),
    );

  score
    .command('train')
    .description('train a candidate model per target from the workspace data (a job with progress)')
    .addOption(new Option('--target <target>', 'only this target').choices([...scoringTargets]))
    .option('--activate', 'activate the new model at once (skips the approval in the web app)')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const bar = progressBar('Training');
        const result = (await s.runner
          .runNow(
            'scoring.train',
            { target: o.target, activate: Boolean(o.activate), by: 'pipewise CLI' },
            ws.id,
            bar.update,
          )
          .finally(() => bar.stop())) as Record<string, unknown>[];
        for (const r of result) {
          if ('error' in r) {
            console.log(`${r.target}: ${r.error}`);
            continue;
          }
          const test = (r.report as { test?: Record<string, unknown> | null; fallback?: string | null }).test;
          console.log(
            `${r.target}: ${r.family} (model ${r.id})${r.activated ? ', active' : ', candidate'}  AUC ${fx(test?.auc)}  Brier ${fx(test?.brier, 4)}  lift@10% ${fx(test?.liftAt10, 2)}`,
          );
          if (!r.ready) console.log(`  not ready to publish: ${(r.notReadyReasons as string[]).join('; ')}`);
          const fairness = (r.report as { fairness?: { passed: boolean; attributes: { failures: string[] }[] } | null })
            .fairness;
          if (fairness && !fairness.passed)
            console.log(
              `  fairness audit failed (an admin must acknowledge it with a reason to promote): ${fairness.attributes.flatMap((a) => a.failures).join('; ')}`,
            );
          const fallback = (r.report as { fallback?: string | null }).fallback;
          if (fallback) console.log(`  ${fallback}`);
        }
      }),
    );

  score
    .command('run')
    .description('score every open lead and deal with the active models')
    .addOption(new Option('--target <target>', 'only this target').choices([...scoringTargets]))
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const bar = progressBar('Scoring');
        const result = await s.runner
          .runNow('scoring.score', { target: o.target }, ws.id, bar.update)
          .finally(() => bar.stop());
        const runs = (o.target ? [result] : Object.values(result as Record<string, unknown>)) as {
          target: string;
          scored: number;
          removed: number;
          model: number | null;
          seconds?: number;
        }[];
        for (const r of runs)
          console.log(
            r.model === null
              ? `${r.target}: no active model (train one, then promote it)`
              : `${r.target}: scored ${r.scored} with version ${r.model} in ${fx(r.seconds, 1)} s (${r.removed} stale scores removed)`,
          );
      }),
    );

  score
    .command('evaluate')
    .description("print the active models' evaluation reports, or evaluate any CSV file outside a workspace (--csv)")
    .option('--csv <file>', 'a CSV file to run the automatic model choice on')
    .option(
      '--target <column>',
      'with --csv: the outcome column; otherwise the scoring target (contact_conversion or deal_won)',
    )
    .option('--positive <value>', 'with --csv: the value of the target column that counts as the positive outcome')
    .option(
      '--negative <values>',
      'with --csv: the target values that count as losses, comma-separated (other rows are left out as not known yet; default: every value but --positive except open ones such as Engaging, Open, Pending)',
    )
    .option('--drop <cols>', 'with --csv: columns to leave out, comma-separated')
    .addOption(
      new Option('--split <how>', 'with --csv: test rows (time = last 20%, interleaved = every fifth)')
        .choices(['time', 'interleaved'])
        .default('time'),
    )
    .option(
      '--audit <cols>',
      'with --csv: sensitive columns to audit for fairness (left out of the inputs), comma-separated',
    )
    .option('--bands <spec>', 'with --audit: cut numeric attributes into bands, e.g. "age=30,61" gives <30, 30-60, >60')
    .option(
      '--predictions-out <file>',
      'with --csv: write one row per test row (audited columns, actual, probability, tier, selected)',
    )
    .option('--model <id>', 'a model version id (default: the active models)')
    .option('--json', 'print JSON')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action(async (o) => {
      if (o.csv) {
        if (!o.target) throw new AppError('validation', '--target COLUMN is required with --csv');
        const list = (raw: unknown) =>
          raw
            ? String(raw)
                .split(',')
                .map((d) => d.trim())
                .filter(Boolean)
            : [];
        const bands = parseBands(o.bands);
        const audit = list(o.audit).map((name) => ({ name, bands: bands[name] }));
        const unknownBands = Object.keys(bands).filter((b) => !audit.some((a) => a.name === b));
        if (unknownBands.length)
          throw new AppError('validation', `--bands names column(s) not audited: ${unknownBands.join(', ')}`, {
            field: 'bands',
          });
        if (o.predictionsOut && audit.length === 0)
          throw new AppError('validation', '--predictions-out needs --audit COL[,COL]', { field: 'predictions-out' });
        const { predictionRows, ...result } = await evaluateCsv(readFileSync(o.csv, 'utf8'), {
          target: o.target,
          positive: o.positive,
          negative: o.negative ? list(o.negative) : undefined,
          drop: list(o.drop),
          split: o.split,
          audit,
        });
        if (o.predictionsOut && predictionRows) writeFileSync(o.predictionsOut, predictionsCsv(predictionRows) + '\n');
        console.log(o.json ? JSON.stringify(result, null, 2) : formatEvaluation(result, o.csv));
        return;
      }
      await withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const actor = systemActor(ws.id);
        const status = await s.scoring.status(actor);
        const ids = o.model
          ? [o.model as string]
          : status.targets.filter((t) => (!o.target || t.target === o.target) && t.active).map((t) => t.active!.id);
        if (ids.length === 0)
          throw new AppError(
            'not_found',
            'No active model: run `pipewise score train` first (and promote the candidate, or use --activate)',
          );
        const models = await Promise.all(ids.map((id) => s.scoring.model(actor, id)));
        if (o.json)
          return console.log(
            JSON.stringify(
              models.map((m) => ({
                id: m.id,
                target: m.target,
                version: m.version,
                state: m.state,
                family: m.family,
                ready: m.ready,
                notReadyReasons: m.notReadyReasons,
                report: m.report,
              })),
              null,
              2,
            ),
          );
        for (const m of models) {
          const r = m.report as {
            test?: Record<string, number | null> | null;
            baseline?: Record<string, number | null> | null;
            previous?: Record<string, number | null> | null;
            reason?: string;
            fallback?: string | null;
          };
          console.log(
            `${m.target} version ${m.version} (${m.state}, ${m.family}) trained ${m.trainedAt.toISOString().slice(0, 10)} on ${(m.snapshot as { examples: number }).examples} examples`,
          );
          if (r.test)
            console.log(
              `  newest 20%: AUC ${fx(r.test.auc)}  PR AUC ${fx(r.test.prAuc)}  Brier ${fx(r.test.brier, 4)}  lift@10% ${fx(r.test.liftAt10, 2)}  calibration error ${fx(r.test.ece)}`,
            );
          if (r.baseline) console.log(`  rules baseline: AUC ${fx(r.baseline.auc)}  Brier ${fx(r.baseline.brier, 4)}`);
          if (r.previous)
            console.log(
              `  previous version ${r.previous.version}: AUC ${fx(r.previous.auc)}  Brier ${fx(r.previous.brier, 4)}`,
            );
          console.log(m.ready ? '  ready to publish' : `  not ready to publish: ${m.notReadyReasons.join('; ')}`);
          if (r.fallback) console.log(`  ${r.fallback}`);
        }
      });
    });

  score
    .command('explain')
    .description('the score of a contact (or deal) and the factors behind it')
    .argument('<id>', "contact or deal id, or a contact's email address")
    .addOption(new Option('--entity <entity>', 'record type').choices(['contact', 'deal']).default('contact'))
    .option('--json', 'print JSON')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((id, o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const actor = systemActor(ws.id);
        // An email names a contact: look it up the way the contacts list filters.
        if (String(id).includes('@')) {
          if (o.entity !== 'contact')
            throw new AppError('validation', 'An email names a contact: drop --entity deal', { field: '--entity' });
          const found = await s.contacts.list(
            actor,
            new URLSearchParams({ 'filter[email][eq]': String(id).trim().toLowerCase(), limit: '1' }),
          );
          if (!found.data[0]) throw new AppError('not_found', `No contact with the email ${id}`, { field: 'id' });
          id = found.data[0].id;
        }
        const e = await s.scoring.explain(actor, o.entity, id);
        if (o.json) return console.log(JSON.stringify(e, null, 2));
        if (!e.score) {
          console.log(
            `No score for ${o.entity} ${id}${e.model ? ' (not open, or not scored yet: run `pipewise score run`)' : ' (no active model)'}`,
          );
          return;
        }
        const target: ScoringTarget = o.entity === 'deal' ? 'deal_won' : 'contact_conversion';
        console.log(
          `${o.entity} ${id}: tier ${e.score.tier}${e.score.override ? ` (overridden from ${e.score.modelTier}: ${e.score.override.reason})` : ''}, ${pct(e.score.probability)} chance ${target === 'deal_won' ? 'to be won' : 'to become a customer'} (model version ${e.model?.version})`,
        );
        console.log('  Raising it:');
        for (const f of e.score.factors.positive) console.log(`    + ${f.label}`);
        console.log('  Lowering it:');
        for (const f of e.score.factors.negative) console.log(`    - ${f.label}`);
        if (e.fallback) console.log(`  Note: ${e.fallback}`);
      }),
    );
}
