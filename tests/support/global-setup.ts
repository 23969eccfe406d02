import type { TestProject } from 'vitest/node';

/** Services shared by every test file; filled in by tests/support/livekit.ts when LiveKit is available. */
export default async function setup(_project: TestProject) {
  return async () => {};
}
