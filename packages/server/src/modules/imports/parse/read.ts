import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { Transform, type Readable } from 'node:stream';
import Papa from 'papaparse';
import { detectDelimiter, isGzip, sniffEncoding, type Delimiter, type Encoding } from './sniff';

/** A cell longer than this is refused (a row's problem, not the file's): no CRM field needs more. */
export const MAX_CELL_CHARS = 65_536;
const SAMPLE_BYTES = 256 * 1024;

export type FileFormat = { encoding: Encoding; bom: boolean; gzip: boolean; delimiter: Delimiter };

export class FileShapeError extends Error {
  constructor(
    message: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(message);
  }
}

/** Where a stored upload's bytes come from: a file in the data folder, or chunks in the database (storage.ts). */
export type UploadSource = {
  /** A stream of the whole upload; a missing or unreadable upload surfaces as the stream's error, never a crash. */
  open(): Readable;
  /** The first `bytes` bytes (fewer when the upload is shorter). */
  head(bytes: number): Promise<Buffer>;
};

export const fileSource = (file: string): UploadSource => ({
  open: () => createReadStream(file, { highWaterMark: 1 << 20 }),
  async head(bytes) {
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  },
});

const sourceOf = (file: string | UploadSource) => (typeof file === 'string' ? fileSource(file) : file);

/** Encoding, compression and delimiter of a stored upload, from its first 256 KB. */
export async function sniffFile(file: string | UploadSource, delimiter?: Delimiter): Promise<FileFormat> {
  const source = sourceOf(file);
  let sample = await source.head(SAMPLE_BYTES);
  const gzip = isGzip(sample);
  if (gzip) {
    sample = await gunzipHead(source, SAMPLE_BYTES);
  }
  if (sample.length === 0) throw new FileShapeError('The file is empty');
  const { encoding, bom } = sniffEncoding(sample);
  const text = new TextDecoder(encoding).decode(sample);
  return { encoding, bom, gzip, delimiter: delimiter ?? detectDelimiter(text.replace(/^\uFEFF/, '')) };
}

async function gunzipHead(source: UploadSource, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  const raw = source.open();
  const stream = raw.pipe(createGunzip());
  raw.on('error', (e) => stream.destroy(e));
  try {
    for await (const c of stream as AsyncIterable<Buffer>) {
      chunks.push(c);
      n += c.length;
      if (n >= bytes) break;
    }
  } catch {
    // a truncated archive still gives its first bytes
  } finally {
    stream.destroy();
    raw.destroy();
  }
  const all = Buffer.concat(chunks);
  return all.length ? all.subarray(0, bytes) : gunzipSync(Buffer.alloc(0), { finishFlush: 2 });
}

function decoder(encoding: Encoding): Transform {
  const dec = new TextDecoder(encoding);
  let first = true;
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, cb) {
      let s = dec.decode(chunk, { stream: true });
      if (first && s) {
        s = s.replace(/^\uFEFF/, '');
        first = false;
      }
      cb(null, s);
    },
    flush(cb) {
      cb(null, dec.decode());
    },
  });
}

/** The stored upload could not be read (deleted, unreachable): the import fails with this message. */
export class UploadReadError extends Error {
  constructor(cause: Error) {
    super(uploadMessage(cause), { cause });
  }
}

const uploadMessage = (e: Error & { code?: string }) =>
  e.code === 'ENOENT' || e.message.includes('no longer stored')
    ? 'The uploaded file is no longer stored (deleted or moved); upload it again'
    : `The uploaded file could not be read: ${e.message}`;

export type RawRow = { row: number; cells: string[] };
export type ParseEvent = { kind: 'header'; columns: string[] } | ({ kind: 'row' } & RawRow);

/**
 * Streams a stored upload as rows, with back-pressure (the parser pauses while the consumer works). Row numbers count
 * the header as row 1, like a spreadsheet, and stay true with embedded newlines. Throws FileShapeError for problems
 * that make the whole file unreadable (an unclosed quote swallows every row after it).
 */
export async function* readRows(file: string | UploadSource, format: FileFormat): AsyncGenerator<ParseEvent> {
  const raw = sourceOf(file).open();
  let input: Readable = raw;
  if (format.gzip) input = input.pipe(createGunzip());
  const text = input.pipe(decoder(format.encoding));
  const queue: string[][][] = [];
  let parser: Papa.Parser | null = null;
  let done = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  // pipe() does not pass errors along: an unhandled stream error (a deleted upload) used to kill the process.
  const fail = (e: Error) => {
    failure ??= /incorrect header check|unexpected end of file/i.test(e.message)
      ? new FileShapeError(`The compressed file is damaged: ${e.message}`)
      : new UploadReadError(e);
    done = true;
    notify();
  };
  for (const s of new Set([raw, input, text])) s.on('error', fail);
  let seen = 0;
  Papa.parse(text as unknown as File, {
    delimiter: format.delimiter,
    skipEmptyLines: 'greedy',
    chunk: (res, p) => {
      parser = p;
      const quote = res.errors.find((e) => e.code === 'MissingQuotes');
      if (quote) {
        const rowNo = seen + (quote.row ?? 0) + 1;
        failure = new FileShapeError(
          `Row ${rowNo}: a quoted field is opened and never closed, so the rest of the file cannot be read (check the quotes on that row)`,
          rowNo,
        );
        p.abort();
        return;
      }
      seen += res.data.length;
      queue.push(res.data as string[][]);
      // Back-pressure on the text stream itself: Papa parses each chunk as it arrives, so we stop the arrivals.
      if (queue.length >= 4) text.pause();
      notify();
    },
    complete: () => {
      done = true;
      notify();
    },
    error: (e: Error) => {
      failure = e;
      done = true;
      notify();
    },
  });
  let rowNo = 0;
  let header: string[] | null = null;
  try {
    while (true) {
      if (failure) throw failure;
      const batch = queue.shift();
      if (!batch) {
        if (done) break;
        if (text.isPaused()) text.resume();
        await new Promise<void>((r) => {
          wake = r;
        });
        continue;
      }
      for (const cells of batch) {
        rowNo++;
        if (!header) {
          header = cells.map((c) => c.trim());
          yield { kind: 'header', columns: header };
          continue;
        }
        yield { kind: 'row', row: rowNo, cells };
      }
    }
    if (failure) throw failure;
  } catch (e) {
    if (e instanceof Error && /incorrect header check|unexpected end of file/i.test(e.message))
      throw new FileShapeError(`The compressed file is damaged: ${e.message}`);
    throw e;
  } finally {
    (parser as Papa.Parser | null)?.abort();
    input.destroy();
    raw.destroy();
  }
  if (!header) throw new FileShapeError('The file is empty');
}
