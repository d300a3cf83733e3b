import path from 'node:path';
import { existsSync } from 'node:fs';

/** `--name value` and bare `--flag` (true), for every benchmark. */
export function parseFlags(argv: string[]): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      flags.set(a.slice(2), next);
      i++;
    } else flags.set(a.slice(2), true);
  }
  return flags;
}

/** Shared flags of every benchmark: --data DIR (default ../shared/data next to the repo). */
export function benchArgs(argv = process.argv.slice(2)): { dataDir: string; flags: Map<string, string | true> } {
  const flags = parseFlags(argv);
  const data = flags.get('data');
  const dataDir = path.resolve(typeof data === 'string' ? data : path.join(process.cwd(), '..', 'shared', 'data'));
  if (!existsSync(dataDir)) {
    console.error(`data folder not found: ${dataDir} (pass --data ../shared/data)`);
    process.exit(2);
  }
  return { dataDir, flags };
}

export function emit(obj: Record<string, unknown>): void {
  console.log(JSON.stringify(obj));
}
