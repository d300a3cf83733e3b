// Entry of a model worker thread in the compiled build (scripts/build-server.mjs bundles it with the task code).
// worker-entry.mjs is its twin for the TypeScript sources (tests, benchmarks).
import { parentPort } from 'node:worker_threads';
import { runTask, type TaskName } from './tasks';

const port = parentPort!;
port.on('message', (msg: { id: number; task: TaskName; payload: never }) => {
  try {
    port.postMessage({ id: msg.id, result: runTask(msg.task, msg.payload) });
  } catch (e) {
    port.postMessage({ id: msg.id, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
});
port.postMessage({ ready: true });
