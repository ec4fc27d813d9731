/**
 * The browser tests (npm run test:web): the built playground in Debian's Chromium. Kept
 * apart from `vitest run` because they need the build and a browser.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/web/**/*.e2e.ts"],
    globalSetup: ["test/web/global_setup.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
