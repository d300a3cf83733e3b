import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../platform/errors';

/** Uploads larger than this are refused with 413 (PIPEWISE_IMPORT_MAX_MB, default 256). */
export const maxUploadBytes = () => Number(process.env.PIPEWISE_IMPORT_MAX_MB ?? 256) * 1024 * 1024;

/** Streams a request body to a file under the data folder, stopping at the size limit. */
export async function saveUpload(dir: string, id: string, body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, limit = maxUploadBytes()): Promise<{ file: string; size: number }> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${id}.upload`);
  const out = createWriteStream(file);
  let size = 0;
  try {
    const iter = Symbol.asyncIterator in body ? (body as AsyncIterable<Uint8Array>) : streamIter(body as ReadableStream<Uint8Array>);
    for await (const chunk of iter) {
      size += chunk.length;
      if (size > limit) throw new AppError('payload_too_large', `The file is larger than the ${Math.round(limit / 1024 / 1024)} MB import limit (PIPEWISE_IMPORT_MAX_MB)`, { field: 'body', limit });
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return { file, size };
  } catch (e) {
    out.destroy();
    await rm(file, { force: true });
    throw e;
  }
}

async function* streamIter(s: ReadableStream<Uint8Array>) {
  const reader = s.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
