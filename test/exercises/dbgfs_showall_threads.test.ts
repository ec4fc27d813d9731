/** The dbgfs_showall_threads exercise: its reference solution, starter and broken variants against its checker. */
import { exerciseSuite } from "./exercise_cases.ts";

exerciseSuite("dbgfs_showall_threads");
