import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Unit tests exercise the shared source itself; the CMS and the site use its build.
    alias: [
      {
        find: /^@blog\/shared$/,
        replacement: fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    // Strapi runs in-process in the integration tests; each file gets its own process.
    pool: 'forks',
    testTimeout: 30_000,
    // What the browser tests wait for in the admin (a panel's text after publishing) can take seconds
    // on 2 cores while the same machine runs Strapi and a site build; 1 s (the default) was flaky.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 240_000,
    reporters: ['default', './helpers/summary-reporter.ts'],
    projects: [
      // Seconds: no CMS, no build, no browser; files side by side (`npm run test:unit`).
      {
        extends: true,
        test: { name: 'unit', include: ['unit/**/*.test.ts'], sequence: { groupOrder: 0 } },
      },
      // Each file boots a CMS or builds the site, or drives a browser: one at a time on 2 cores,
      // after the unit tests.
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['integration/**/*.test.ts', 'e2e/**/*.test.ts'],
          fileParallelism: false,
          // The CMS's TypeScript compiled once for all of them (a child process runs it too).
          globalSetup: ['./helpers/compile-cms.ts'],
          sequence: { groupOrder: 1 },
        },
      },
      // The production install (minutes: a clone, a second install and build), in a clone of its
      // own: `npm run test:deploy` (CI runs it beside npm test, so it writes nothing in this tree).
      ...(process.env.BLOG_TEST_DEPLOY
        ? [
            {
              extends: true,
              test: {
                name: 'deploy',
                include: ['deploy/**/*.test.ts'],
                sequence: { groupOrder: 2 },
              },
            },
          ]
        : []),
    ],
  },
});
