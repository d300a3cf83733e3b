import { defineConfig } from 'vitest/config';

// Database-backed tests are named *.db.test.ts: they run on PGlite, and again on PostgreSQL when TEST_DATABASE_URL is set.
const onPostgres = process.env.TEST_DATABASE_URL
  ? [
      {
        extends: true as const,
        test: { name: 'postgres', include: ['packages/**/src/**/*.db.test.ts'], env: { PIPEWISE_TEST_DB: 'postgres' } },
      },
    ]
  : [];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'pglite',
          include: ['packages/**/src/**/*.test.ts', 'bench/**/*.test.ts'],
          env: { PIPEWISE_TEST_DB: 'pglite' },
        },
      },
      ...onPostgres,
    ],
  },
});
