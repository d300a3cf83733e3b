// npm run bench -- website-load [--sessions 200] [--questions 3] [--embeddings on|off] [--port 41250] [--keep]
// Starts `pipewise serve` on a fresh PGlite folder, sets up a workspace with a small FAQ knowledge base and an allowed
// origin, then runs N concurrent chat sessions through the public widget routes (/w/{siteKey}/chat/...), as browsers
// on the shop's page would (its Origin header, one visitor id each). Each session starts a chat and asks its questions
// one after another; every answer's latency is recorded. One JSON line on stdout; progress on stderr.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { emit, parseFlags } from './args';
import { stop } from './processes';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flags = parseFlags(process.argv.slice(2));
const sessions = Number(flags.get('sessions') ?? 200);
const questionsPer = Number(flags.get('questions') ?? 3);
const embeddings = String(flags.get('embeddings') ?? 'on');
const port = Number(flags.get('port') ?? 41250);
const log = (...a: unknown[]) => console.error('[bench website-load]', ...a);
const SHOP = 'https://shop.bench.test';

const faqs = [
  ['When do you ship orders?', 'We ship every weekday before 3 pm.'],
  ['How much is delivery?', 'Delivery is free over 40 euros, otherwise 4.90.'],
  ['Can I return a product?', 'Yes, within 30 days, unopened.'],
  ['Do you sell gift cards?', 'Yes, from 10 to 200 euros.'],
  ['What are your opening hours?', 'Monday to Saturday, 9 to 6.'],
  ['Do you ship abroad?', 'We ship to the EU and the UK.'],
  ['How do I track my order?', 'Use the link in your shipping email.'],
  ['Can I change my order?', 'Within an hour of ordering, by replying to the confirmation.'],
];
const asked = [
  'when do you ship',
  'is delivery free?',
  'how can I return something',
  'gift card prices',
  'are you open on saturday',
  'do you deliver to France',
  'where is my parcel',
  'I want to change my order',
  'do you have decaf beans?',
];

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (n: number) => Math.round(n * 10) / 10;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-web-bench-'));
const url = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', 'serve'], {
  cwd: repoRoot,
  env: {
    ...process.env,
    PIPEWISE_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    API_RATE_LIMIT: '1000000000',
    WEBSITE_VISITOR_RATE_LIMIT: '1000000',
    WEBSITE_IP_RATE_LIMIT: '1000000000',
    PIPEWISE_CHAT_EMBEDDINGS: embeddings,
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
try {
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${stderr}`);
    if (performance.now() - t0 > 180_000) throw new Error(`server did not answer within 180 s:\n${stderr}`);
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  log('server up; setting up the workspace');
  const staffHeaders: Record<string, string> = { origin: url, 'content-type': 'application/json' };
  const setup = await fetch(`${url}/api/auth/setup`, {
    method: 'POST',
    headers: staffHeaders,
    body: JSON.stringify({
      workspaceName: 'Bench Shop',
      name: 'Owner',
      email: 'owner@bench.test',
      password: 'correct-horse-battery',
    }),
  });
  if (!setup.ok) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
  staffHeaders.cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
  const staff = async (method: string, p: string, body?: unknown) => {
    const r = await fetch(`${url}${p}`, {
      method,
      headers: staffHeaders,
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<Record<string, unknown>>;
  };
  const settings = await staff('PUT', '/api/v1/website/settings', { allowedOrigins: [SHOP] });
  const siteKey = settings.siteKey as string;
  for (const [question, answer] of faqs) await staff('POST', '/api/v1/chatbot/kb', { question, answer });

  const pub = async (p: string, body: unknown) => {
    const r = await fetch(`${url}/w/${siteKey}${p}`, {
      method: 'POST',
      headers: { origin: SHOP, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  // One warm-up chat, so the first sessions do not all wait for the engine to train.
  const warm = await pub('/chat/start', { visitorId: 'bench-warmup-0' });
  await pub('/chat/say', { visitorId: 'bench-warmup-0', conversationId: warm.body.conversationId, text: 'hello' });

  log(`${sessions} concurrent sessions × ${questionsPer} questions (embeddings ${embeddings})`);
  const latencies: number[] = [];
  const startLatencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: sessions }, async (_, i) => {
      const visitorId = `bench-visitor-${String(i).padStart(4, '0')}`;
      try {
        const s0 = performance.now();
        const start = await pub('/chat/start', { visitorId, pageUrl: `${SHOP}/` });
        startLatencies.push(performance.now() - s0);
        if (start.status !== 200) return void non2xx++;
        for (let q = 0; q < questionsPer; q++) {
          const a0 = performance.now();
          const r = await pub('/chat/say', {
            visitorId,
            conversationId: start.body.conversationId,
            text: asked[(i + q) % asked.length],
          });
          latencies.push(performance.now() - a0);
          if (r.status !== 200) non2xx++;
        }
      } catch {
        errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  startLatencies.sort((a, b) => a - b);
  emit({
    bench: 'website-load',
    db: 'pglite',
    embeddings,
    sessions,
    answers: latencies.length,
    p50_ms: round(percentile(latencies, 50)),
    p90_ms: round(percentile(latencies, 90)),
    p99_ms: round(percentile(latencies, 99)),
    max_ms: round(latencies.at(-1) ?? 0),
    start_p99_ms: round(percentile(startLatencies, 99)),
    answers_per_second: round(latencies.length / seconds),
    non2xx,
    errors,
    seconds: round(seconds),
    cores: os.cpus().length,
  });
} finally {
  await stop(child);
  if (flags.has('keep')) log(`kept ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
