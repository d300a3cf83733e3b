#!/usr/bin/env node
// The `pipewise` command. It runs the compiled build (`npm install` makes it; decision 0006) and falls back to the
// TypeScript sources through tsx when the build is missing or older than a source file, so an edit is never ignored.
import { compiledCli, serverBuildIsFresh } from '../../../scripts/server-build-state.mjs';

if (serverBuildIsFresh()) {
  await import(compiledCli);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
