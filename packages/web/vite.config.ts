import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

const outDir = 'dist';

/**
 * The server reads dist/index.html once at start. If dist were emptied on every build, a server started before
 * a rebuild would point at deleted assets; so old hashed assets stay for a day and are pruned after that.
 */
function pruneOldAssets(maxAgeMs = 24 * 3600 * 1000): Plugin {
  return {
    name: 'pipewise-prune-old-assets',
    apply: 'build',
    closeBundle() {
      const dir = join(import.meta.dirname, outDir, 'assets');
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      const cutoff = Date.now() - maxAgeMs;
      for (const name of names) {
        const p = join(dir, name);
        if (statSync(p).mtimeMs < cutoff) rmSync(p, { force: true });
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), pruneOldAssets()],
  build: { outDir, emptyOutDir: false, chunkSizeWarningLimit: 1200 },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
