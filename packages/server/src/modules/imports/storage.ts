import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../platform/errors';
import type { Db } from '../../platform/db';
import { importUploadChunks } from './imports.schema';
import { fileSource, type UploadSource } from './parse/read';

/** Uploads larger than this are refused with 413 when the store is built without a limit (config: 256 MB). */
export const DEFAULT_MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

/** Bytes per stored chunk: a 200 MB upload is 200 rows, never one 200 MB value in memory. */
export const CHUNK_BYTES = 1 << 20;
const DB_PREFIX = 'db:';

/**
 * Where uploads live until their import is deleted. `files`: the data folder (PGlite, one process). `database`: chunks
 * in import_upload_chunks, so every server and worker of a fleet on one PostgreSQL can read what another received.
 * The returned ref goes into imports.file_path.
 */
export type UploadStore = {
  kind: 'files' | 'database';
  /** The upload limit (PIPEWISE_IMPORT_MAX_MB through platform/config.ts). */
  maxBytes: number;
  save(
    workspaceId: string,
    id: string,
    body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
    limit?: number,
  ): Promise<{ ref: string; size: number }>;
  source(workspaceId: string, ref: string): UploadSource;
  remove(workspaceId: string, ref: string): Promise<void>;
};

export function createUploadStore(
  opts: ({ kind: 'files'; dir: string } | { kind: 'database'; db: Db }) & { maxBytes?: number },
): UploadStore {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const files = createFileUploads(opts.kind === 'files' ? opts.dir : '', maxBytes);
  if (opts.kind === 'files') return files;
  const chunks = createChunkUploads(opts.db, maxBytes);
  // Refs name their store, so uploads saved before a switch of PIPEWISE_UPLOADS stay readable.
  return {
    kind: 'database',
    maxBytes,
    save: chunks.save,
    source: (ws, ref) => (ref.startsWith(DB_PREFIX) ? chunks.source(ws, ref) : files.source(ws, ref)),
    remove: (ws, ref) => (ref.startsWith(DB_PREFIX) ? chunks.remove(ws, ref) : files.remove(ws, ref)),
  };
}

function createFileUploads(dir: string, maxBytes: number): UploadStore {
  return {
    kind: 'files',
    maxBytes,
    async save(workspaceId, id, body, limit = maxBytes) {
      const folder = path.join(dir, workspaceId);
      mkdirSync(folder, { recursive: true });
      const file = path.join(folder, `${id}.upload`);
      const out = createWriteStream(file);
      try {
        let size = 0;
        for await (const chunk of iterate(body)) {
          size += chunk.length;
          checkLimit(size, limit);
          if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        }
        await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
        return { ref: file, size };
      } catch (e) {
        out.destroy();
        await rm(file, { force: true });
        throw e;
      }
    },
    source: (_ws, ref) => (ref.startsWith(DB_PREFIX) ? missing() : fileSource(ref)),
    remove: async (_ws, ref) => {
      if (!ref.startsWith(DB_PREFIX)) await rm(ref, { force: true });
    },
  };
}

function createChunkUploads(db: Db, maxBytes: number): UploadStore {
  const idOf = (ref: string) => ref.slice(DB_PREFIX.length);
  const t = importUploadChunks;
  const insert = (workspaceId: string, uploadId: string, seq: number, data: Buffer) =>
    db.insert(t).values({ workspaceId, uploadId, seq, data });
  const remove = async (ws: string, ref: string) => {
    await db.delete(t).where(and(eq(t.workspaceId, ws), eq(t.uploadId, idOf(ref))));
  };
  const chunkAt = async (ws: string, id: string, seq: number) =>
    (
      await db
        .select({ data: t.data })
        .from(t)
        .where(and(eq(t.workspaceId, ws), eq(t.uploadId, id), eq(t.seq, seq)))
    )[0]?.data ?? null;
  return {
    kind: 'database',
    maxBytes,
    async save(workspaceId, id, body, limit = maxBytes) {
      let size = 0;
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (pendingBytes === 0) return;
        const all = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        for (let at = 0; at < all.length; at += CHUNK_BYTES)
          await insert(workspaceId, id, seq++, all.subarray(at, at + CHUNK_BYTES));
      };
      try {
        for await (const chunk of iterate(body)) {
          size += chunk.length;
          checkLimit(size, limit);
          pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          pendingBytes += chunk.length;
          if (pendingBytes >= CHUNK_BYTES) await flush();
        }
        await flush();
        return { ref: `${DB_PREFIX}${id}`, size };
      } catch (e) {
        await remove(workspaceId, `${DB_PREFIX}${id}`).catch(() => {});
        throw e;
      }
    },
    source(workspaceId, ref) {
      const id = idOf(ref);
      return {
        open: () =>
          Readable.from(
            (async function* () {
              for (let seq = 0; ; seq++) {
                const data = await chunkAt(workspaceId, id, seq);
                if (data) yield data;
                else if (seq === 0) throw new Error('The uploaded file is no longer stored');
                else return;
              }
            })(),
            { objectMode: false },
          ),
        async head(bytes) {
          const first = await chunkAt(workspaceId, id, 0);
          if (!first)
            throw new AppError(
              'validation',
              'The uploaded file is no longer stored (deleted or moved); upload it again',
              { field: 'file' },
            );
          return first.subarray(0, bytes); // the first chunk (1 MB) covers the 256 KB sample
        },
      };
    },
    remove,
  };
}

const missing = (): UploadSource => {
  const error = new AppError(
    'validation',
    'This upload is stored in the database; set PIPEWISE_UPLOADS=database to read it',
    { field: 'file' },
  );
  const failing = () =>
    new Readable({
      read() {
        this.destroy(error);
      },
    });
  return { open: failing, head: () => Promise.reject(error) };
};

function checkLimit(size: number, limit: number) {
  if (size > limit)
    throw new AppError(
      'payload_too_large',
      `The file is larger than the ${+(limit / 1024 / 1024).toFixed(1)} MB import limit (PIPEWISE_IMPORT_MAX_MB)`,
      { field: 'body', limit },
    );
}

function iterate(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  return Symbol.asyncIterator in body
    ? (body as AsyncIterable<Uint8Array>)
    : streamIter(body as ReadableStream<Uint8Array>);
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
