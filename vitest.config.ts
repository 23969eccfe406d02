import { defineConfig } from 'vitest/config';

// Three projects: `server` (unit and integration tests against the database, run once on a
// Postgres server and once on the embedded one in CI), `browser` (Chromium against a running
// server), and the LiveKit-dependent tests live in `server` too and read `inject('livekit')`.
export default defineConfig({
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    // expect.poll waits for something real (a page re-rendering, a live event): its 1 s default is
    // shorter than a busy CI machine sometimes needs. A condition that never holds still fails.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
