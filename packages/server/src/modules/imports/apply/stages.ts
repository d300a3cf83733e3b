import { eq } from 'drizzle-orm';
import { pipelineStages, pipelines } from '../../deals/deals.schema';
import { headerSimilarity } from '../mapping/similarity';
import { bump, type ApplyContext, type BatchResult } from './types';

export type Stage = {
  id: string;
  name: string;
  kind: string;
  pipelineId: string;
  position: number;
  probability: number;
};
/** What a stage value of the file becomes: a stage of the workspace, a new stage, or nothing (the row is rejected). */
export type StageChoice =
  | { stageId: string; name: string; confidence: number; reason: string }
  | { create: true; name: string; reason: string }
  | null;
/** A stage value of the file mapped by hand: a stage id, "create", or null to undo a choice. */
export type StageMap = Record<string, string | null>;

/** Below this similarity a file value is not taken for a stage: it is left for the user to map or create. */
export const STAGE_THRESHOLD = 0.75;
export const stageKey = (v: string) => v.trim().toLowerCase();

/**
 * The workspace stage a file's stage value most likely means: the same name, "won"/"lost" wording for the won or lost
 * stage, else the most similar name (Levenshtein ratio, as for headers) at 75% or more.
 */
export function suggestStage(value: string, stages: Stage[]): StageChoice {
  const k = stageKey(value);
  if (!k) return null;
  const same = stages.find((s) => stageKey(s.name) === k);
  if (same) return { stageId: same.id, name: same.name, confidence: 1, reason: 'same name' };
  const kind = /\b(won|closed won|win|closedwon)\b/.test(k)
    ? 'won'
    : /\b(lost|closed lost|loss|closedlost)\b/.test(k)
      ? 'lost'
      : null;
  const byKind = kind ? stages.find((s) => s.kind === kind) : undefined;
  if (byKind) return { stageId: byKind.id, name: byKind.name, confidence: 0.95, reason: `"${value}" reads as ${kind}` };
  let best: { s: Stage; score: number } | null = null;
  for (const s of stages) {
    const score = headerSimilarity(value, s.name);
    if (!best || score > best.score) best = { s, score };
  }
  if (best && best.score >= STAGE_THRESHOLD) {
    return {
      stageId: best.s.id,
      name: best.s.name,
      confidence: Math.round(best.score * 100) / 100,
      reason: `${Math.round(best.score * 100)}% similar to "${best.s.name}"`,
    };
  }
  return null;
}

/** The user's choice for a value when there is one, else the suggestion. */
export function chooseStage(value: string, stages: Stage[], map: StageMap): StageChoice {
  const chosen = map[stageKey(value)];
  if (chosen === 'create') return { create: true, name: value.trim(), reason: 'created on request' };
  if (chosen) {
    const s = stages.find((x) => x.id === chosen);
    if (s) return { stageId: s.id, name: s.name, confidence: 1, reason: 'set by hand' };
  }
  return suggestStage(value, stages);
}

/** The first pipeline's stages, in order. */
export async function firstPipelineStages(tx: ApplyContext['tx'], workspaceId: string): Promise<Stage[]> {
  const pipe = (
    await tx.select().from(pipelines).where(eq(pipelines.workspaceId, workspaceId)).orderBy(pipelines.position).limit(1)
  )[0];
  if (!pipe) return [];
  return (
    await tx
      .select()
      .from(pipelineStages)
      .where(eq(pipelineStages.pipelineId, pipe.id))
      .orderBy(pipelineStages.position)
  ).map((s) => ({
    id: s.id,
    name: s.name,
    kind: s.kind,
    pipelineId: s.pipelineId,
    position: s.position,
    probability: s.probability,
  }));
}

/**
 * Creates an open stage the user asked for, after the last open stage (before won/lost), with that stage's
 * probability. Later stages move one place down. Counted as `stagesCreated`; kept by a revert (deals may use it).
 */
export async function createStage(ctx: ApplyContext, res: BatchResult, stages: Stage[], name: string): Promise<Stage> {
  const open = stages.filter((s) => s.kind === 'open');
  const after = open.at(-1);
  const position = after ? after.position + 1 : 0;
  const pipelineId = after?.pipelineId ?? stages[0]!.pipelineId;
  for (const s of stages) {
    if (s.position >= position) {
      s.position++;
      await ctx.tx.update(pipelineStages).set({ position: s.position }).where(eq(pipelineStages.id, s.id));
    }
  }
  const row = (
    await ctx.tx
      .insert(pipelineStages)
      .values({
        workspaceId: ctx.workspaceId,
        pipelineId,
        name,
        position,
        probability: after?.probability ?? 0.1,
        kind: 'open',
      })
      .returning()
  )[0]!;
  await ctx.audit.record(ctx.tx, ctx.actor, {
    action: 'pipeline.stage_create',
    entityType: 'pipeline',
    entityId: pipelineId,
    after: { stageId: row.id, name, importId: ctx.importId },
  });
  const stage = { id: row.id, name, kind: 'open', pipelineId, position, probability: row.probability };
  stages.push(stage);
  stages.sort((a, b) => a.position - b.position);
  bump(res.summary, 'stagesCreated');
  return stage;
}
