/** The sysfs_on_misc exercise: its reference solution, starter and broken variants against its checker. */
import { exerciseSuite } from "./exercise_cases.ts";

exerciseSuite("sysfs_on_misc");
