import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Pure code (model, recommendation core, indexes) runs once; everything that touches storage
// runs twice, on the embedded PGlite database and on the PostgreSQL server.
const pure = ['test/config.test.ts', 'test/auth/tokens.test.ts', 'test/privacy/consent.test.ts', 'test/model/**/*.test.ts', 'test/recommend/**/*.test.ts', 'test/index/**/*.test.ts', 'test/experiments/**/*.test.ts', 'test/insights/concentration.test.ts', 'test/sync/messages.test.ts', 'test/sync/redis-change-bus.test.ts'];
// Real Chromium against a real gateway: slow, so once, on the embedded database.
const browser = ['test/browser/**/*.test.ts'];

// Node loads graphql's CommonJS build for every dependency (Apollo, type-graphql); Vite would give
// test files its .mjs build, and graphql refuses objects from "another module or realm".
const graphqlMain = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlMain }] },
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    env: { VITRINE_PROGRESS: '0', LOG_LEVEL: 'silent' },
    projects: [
      { extends: true, test: { name: 'unit', include: pure } },
      {
        extends: true,
        test: { name: 'pglite', include: ['test/**/*.test.ts'], exclude: [...pure, ...browser], env: { VITRINE_TEST_DB: 'pglite' } },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/**/*.test.ts'],
          exclude: [...pure, ...browser],
          env: { VITRINE_TEST_DB: 'postgres' },
          globalSetup: ['test/support/postgres-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: browser,
          env: { VITRINE_TEST_DB: 'pglite' },
          globalSetup: ['test/support/browser-global-setup.ts'],
        },
      },
    ],
  },
});
