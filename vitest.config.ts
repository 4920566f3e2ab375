import { defineConfig } from 'vitest/config';

/**
 * Three projects, run together by `npm test` or one at a time:
 *   npm run test:unit         domain rules and unit tests (src/**, test/unit): no PostgreSQL, no Chromium
 *   npm run test:integration  storage, web and report tests on SQLite and PostgreSQL (test/integration, test/reports)
 *   npm run test:e2e          browser journeys in Chromium (test/e2e)
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          // Unit tests need neither: pointing both somewhere that does not exist makes any that tried fail.
          env: {
            CAIRN_TEST_PG_URL: 'postgres://unit-tests-need-no-database@127.0.0.1:9/none',
            CHROMIUM_PATH: '/nonexistent/unit-tests-need-no-browser',
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/reports/**/*.test.ts'],
        },
      },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
