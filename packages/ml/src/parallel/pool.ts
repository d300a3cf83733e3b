import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TaskName, TaskPayload, TaskResult } from './tasks';

/** Worker threads for CPU-heavy model work (boosting refits, TreeSHAP explanations), so a second core helps. */
export interface WorkerPool {
  readonly size: number;
  run<T extends TaskName>(task: T, payload: TaskPayload<T>): Promise<TaskResult<T>>;
  /** Starts the workers now (they start lazily otherwise): a server warms them at boot, not on the first request. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: number;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; slot: Slot };

// From the TypeScript sources (tests, benchmarks) the entry registers tsx; the compiled build bundles its own entry
// beside the server bundle (scripts/build-server.mjs).
const workerEntry = import.meta.url.endsWith('.ts')
  ? new URL('./worker-entry.mjs', import.meta.url)
  : new URL('./ml-worker.mjs', import.meta.url);

export function createWorkerPool(size: number): WorkerPool {
  const slots: Slot[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 1;

  const fail = (slot: Slot, err: Error) => {
    for (const [id, p] of pending)
      if (p.slot === slot) {
        pending.delete(id);
        p.reject(err);
      }
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
  };

  const spawn = (): Slot => {
    const worker = new Worker(workerEntry);
    worker.unref(); // an idle pool never keeps the process alive
    let markReady!: () => void;
    const slot: Slot = { worker, busy: 0, ready: new Promise<void>((r) => (markReady = r)) };
    worker.on('message', (msg: { ready?: boolean; id?: number; result?: unknown; error?: string }) => {
      if (msg.ready) return markReady();
      const p = pending.get(msg.id!);
      if (!p) return;
      pending.delete(msg.id!);
      if (--slot.busy === 0) worker.unref();
      if (msg.error !== undefined) p.reject(new Error(`worker task failed: ${msg.error}`));
      else p.resolve(msg.result);
    });
    worker.on('error', (e) => fail(slot, e));
    worker.on('exit', (code) => fail(slot, new Error(`worker exited with code ${code}`)));
    slots.push(slot);
    return slot;
  };

  const pick = (): Slot => {
    if (slots.length < size) return spawn();
    return slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  };

  return {
    size,
    run(task, payload) {
      const slot = pick();
      slot.busy++;
      slot.worker.ref(); // keep the process alive until the answer arrives
      const id = nextId++;
      const answer = new Promise((resolve, reject) => pending.set(id, { resolve, reject, slot }));
      // Posted now, not after an await: the caller often computes synchronously next, and the worker must start
      // meanwhile. A worker still loading keeps the message queued until it listens.
      slot.worker.postMessage({ id, task, payload });
      return answer as Promise<TaskResult<typeof task>>;
    },
    async warm() {
      while (slots.length < size) spawn();
      await Promise.all(slots.map((s) => s.ready));
    },
    async close() {
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}

let shared: WorkerPool | null | undefined;
let configuredSize: number | undefined;

/** Sets the process-wide pool's size before its first use (the server's config does: PIPEWISE_WORKERS). */
export function configureSharedPool(size: number | undefined): void {
  configuredSize = size;
}

/**
 * The process-wide pool: the configured size, else one worker per core beyond the first, at most 3; none on a
 * single core or with size 0 (then every caller computes on its own thread, with the same results).
 */
export function sharedPool(): WorkerPool | null {
  if (shared !== undefined) return shared;
  const size = configuredSize ?? Math.min(3, availableParallelism() - 1);
  shared = size > 0 ? createWorkerPool(size) : null;
  return shared;
}
