// Entry of a Pipewise worker thread. Plain JavaScript: Node 20 cannot load TypeScript by itself, so the worker
// registers tsx (as the main process does) before it loads the task code.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runTask } = await import('./tasks.ts');

parentPort.on('message', (msg) => {
  try {
    parentPort.postMessage({ id: msg.id, result: runTask(msg.task, msg.payload) });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
});
parentPort.postMessage({ ready: true });
