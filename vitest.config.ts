import { defineConfig } from 'vitest/config';

// Two tiers, both run by `npm test` (scripts/test.mjs prints each one's time):
//   unit  test/unit/**  fast tests of src/ (mirrors src/: the test of src/core/x/y.ts is
//                      test/unit/core/x/y.test.ts); under a minute on two cores.
//   slow  test/slow/**  end-to-end CLI runs (on the bundles built by its globalSetup) and
//                      data-heavy tests: chart rendering, bad-input sweeps, schema generation,
//                      template property tests.
// `npx vitest run` runs both; `npx vitest run --project unit` one.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/unit/cleanup.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'slow',
          include: ['test/slow/**/*.test.ts'],
          setupFiles: ['test/unit/cleanup.ts'],
          environment: 'node',
          globalSetup: ['test/slow/globalSetup.ts'],
          testTimeout: 300_000,
        },
      },
    ],
  },
});
