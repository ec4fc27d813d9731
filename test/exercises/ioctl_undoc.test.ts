/** The ioctl_undoc exercise: its reference solution, starter and broken variants against its checker. */
import { exerciseSuite } from "./exercise_cases.ts";

exerciseSuite("ioctl_undoc");
