/**
 * The checker of sysfs_on_misc: the misc device and its two sysfs files, debug_level and
 * msg, with show/store callbacks that validate, keep and share the driver's state.
 */
import { ioText } from "../harness.ts";
import { type Exercise, type ExerciseTest, verdict } from "../types.ts";
import { INITIAL_MSG, NAME, STARTER, STATEMENT } from "./starter.ts";

const DIR = `/sys/class/misc/${NAME}`;
const DEV = `/dev/${NAME}`;
const LEVEL = `${DIR}/debug_level`;
const MSG = `${DIR}/msg`;

function setsLevel(v: number): ExerciseTest {
  return {
    name: `writing ${v} to debug_level sets it`,
    async run(h) {
      const w = await h.write(LEVEL, `${v}\n`);
      const r = await h.read(LEVEL);
      return verdict(
        w.ok && r.ok && r.text === `${v}\n`,
        `write succeeds, then it reads ${JSON.stringify(`${v}\n`)}`,
        `write ${ioText(w)}, read ${ioText(r)}`,
      );
    },
  };
}

function rejectsLevel(v: string): ExerciseTest {
  return {
    name: `writing ${JSON.stringify(v)} to debug_level fails with EINVAL`,
    async run(h) {
      await h.write(LEVEL, "1\n");
      const w = await h.write(LEVEL, `${v}\n`);
      const r = await h.read(LEVEL);
      return verdict(
        !w.ok && w.code === "EINVAL" && r.ok && r.text === "1\n",
        "EINVAL, and debug_level stays 1",
        `write ${ioText(w)}, read ${ioText(r)}`,
      );
    },
  };
}

export const exercise: Exercise = {
  name: NAME,
  title: "misc driver with two sysfs files (debug_level, msg) and their callbacks",
  statement: STATEMENT,
  starter: STARTER,
  module: NAME,
  creates: [DIR, DEV],
  tests: [
    {
      name: `the misc device ${DEV} and ${DIR} exist`,
      async run(h) {
        const a = await h.exists(DEV);
        const b = await h.exists(DIR);
        return verdict(
          a && b,
          `${DEV} and ${DIR}`,
          `${a ? DEV : `no ${DEV}`}, ${b ? DIR : `no ${DIR}`}`,
        );
      },
    },
    {
      name: "debug_level and msg are files of mode 0644",
      async run(h) {
        const r = await h.sh(`stat -c '%n %a' ${LEVEL} ${MSG}`, 0);
        const ok = r.status === 0 && r.stdout === `${LEVEL} 644\n${MSG} 644\n`;
        return verdict(ok, `${LEVEL} 644, ${MSG} 644`, r.output.trim().replace(/\n/g, ", "));
      },
    },
    {
      name: "debug_level reads 0 at first",
      async run(h) {
        const r = await h.read(LEVEL, 1000);
        return verdict(r.ok && r.text === "0\n", '"0\\n" (readable by anyone)', ioText(r));
      },
    },
    setsLevel(2),
    setsLevel(0),
    rejectsLevel("3"),
    rejectsLevel("-1"),
    rejectsLevel("abc"),
    {
      name: "msg reads as the driver's message",
      async run(h) {
        const r = await h.read(MSG, 1000);
        return verdict(
          r.ok && r.text === `${INITIAL_MSG}\n`,
          JSON.stringify(`${INITIAL_MSG}\n`),
          ioText(r),
        );
      },
    },
    {
      name: "writing msg sets the message, which the device then reads too",
      async run(h) {
        const w = await h.write(MSG, "sysfs says hi\n");
        const r = await h.read(MSG);
        const d = await h.read(DEV);
        const ok =
          w.ok && r.ok && r.text === "sysfs says hi\n" && d.ok && d.text === "sysfs says hi\n";
        return verdict(
          ok,
          'msg and /dev read "sysfs says hi\\n"',
          `write ${ioText(w)}, msg ${ioText(r)}, ${DEV} ${ioText(d)}`,
        );
      },
    },
    {
      name: "writing the device changes msg",
      async run(h) {
        const w = await h.write(DEV, "from the device\n");
        const r = await h.read(MSG);
        return verdict(
          w.ok && r.ok && r.text === "from the device\n",
          'msg reads "from the device\\n"',
          `write ${ioText(w)}, msg ${ioText(r)}`,
        );
      },
    },
    {
      name: "a message of 128 bytes fails with EINVAL",
      async run(h) {
        await h.write(MSG, "kept\n");
        const w = await h.write(MSG, `${"x".repeat(127)}\n`);
        const r = await h.read(MSG);
        return verdict(
          !w.ok && w.code === "EINVAL" && r.ok && r.text === "kept\n",
          'EINVAL, msg still "kept\\n"',
          `write ${ioText(w)}, msg ${ioText(r)}`,
        );
      },
    },
  ],
};
