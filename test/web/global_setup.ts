/** Empties test-results/web/ so that the screenshots are this run's, numbered in order. */
import { mkdirSync, rmSync } from "node:fs";
import { ARTIFACTS } from "./browser.ts";

export default function setup(): void {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
}
