// npm run bench -- <name> [--data DIR] [--json]: runs bench/<name>.ts, which prints one JSON object per line.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const [name, ...rest] = process.argv.slice(2);
if (!name) {
  console.error('usage: npm run bench -- <name> [--data ../shared/data] [--json]');
  process.exit(2);
}
const file = path.join(here, `${name}.ts`);
if (!existsSync(file)) {
  console.error(`unknown benchmark "${name}" (no bench/${name}.ts)`);
  process.exit(2);
}
process.argv = [process.argv[0]!, file, ...rest];
await import(pathToFileURL(file).href);
