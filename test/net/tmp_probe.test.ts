import { test } from "vitest";
import { boot, runProgram } from "../../src/vkern.ts";
test("x", async () => {
  const k = await boot();
  let r = await runProgram(k, ["strace", "-e", "trace=network", "netlink_userapp"]);
  console.log(r.output);
  r = await runProgram(k, ["insmod", "netlink_simple_intf"], { uid: 0 });
  r = await runProgram(k, ["strace", "netlink_userapp"]);
  console.log(r.output);
});
