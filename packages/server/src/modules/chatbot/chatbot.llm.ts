/** A knowledge-base entry the model may use, numbered for citations. */
export type GroundingSource = { id: string; title: string; text: string };

export type LlmConfig = { url: string; model: string; apiKey: string | null; timeoutMs?: number };

export type LlmAnswer =
  { kind: 'answer'; text: string; citations: string[] } | { kind: 'refused' } | { kind: 'failed'; reason: string };

const REFUSAL = 'NO_ANSWER';

/**
 * Asks an OpenAI-compatible chat endpoint to phrase an answer from the retrieved entries only. The reply must cite
 * at least one of them as [n]; a reply without a valid citation, or the refusal token, counts as "not in the
 * knowledge base" (the bot then offers a person). Failures never reach the visitor: the caller falls back to the
 * entry's own text.
 */
export async function phraseWithLlm(
  config: LlmConfig,
  question: string,
  sources: GroundingSource[],
  fetchImpl: typeof fetch = fetch,
): Promise<LlmAnswer> {
  if (sources.length === 0) return { kind: 'refused' };
  const numbered = sources.map((s, i) => `[${i + 1}] ${s.title}\n${s.text}`).join('\n\n');
  const body = {
    model: config.model,
    temperature: 0,
    max_tokens: 400,
    messages: [
      {
        role: 'system',
        content:
          'You answer website visitors for a business, using ONLY the numbered sources below. ' +
          'Cite every source you use as [n]. If the sources do not answer the question, reply exactly ' +
          `${REFUSAL} and nothing else. Plain text only, no HTML, at most 4 sentences.\n\nSources:\n${numbered}`,
      },
      { role: 'user', content: question },
    ],
  };
  const base = config.url.replace(/\/+$/, '');
  const url = base.endsWith('/chat/completions') ? base : `${base}/chat/completions`;
  try {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(config.timeoutMs ?? 8000),
    });
    if (!res.ok) return { kind: 'failed', reason: `the endpoint answered HTTP ${res.status}` };
    const json = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
    const content = json.choices?.[0]?.message?.content;
    if (typeof content !== 'string') return { kind: 'failed', reason: 'the endpoint answered without a message' };
    const text = content.replace(/<[^>]*>/g, '').trim();
    if (text === '' || text.includes(REFUSAL)) return { kind: 'refused' };
    const cited = [...text.matchAll(/\[(\d+)\]/g)]
      .map((m) => Number(m[1]) - 1)
      .filter((i) => i >= 0 && i < sources.length);
    if (cited.length === 0) return { kind: 'refused' };
    return { kind: 'answer', text: text.slice(0, 2000), citations: [...new Set(cited)].map((i) => sources[i]!.id) };
  } catch (e) {
    return { kind: 'failed', reason: e instanceof Error ? e.message : String(e) };
  }
}
