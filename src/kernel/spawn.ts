/**
 * Creating the first user processes from the host (what login and getty do on a
 * real machine): a task with a user's credentials, a cwd and open files.
 */
import type { File } from "../fs/fs.ts";
import { path_walk, walkContext } from "../fs/namei.ts";
import { MM } from "../mm/mm.ts";
import { makeCred } from "./capability.ts";
import type { Kernel } from "./kernel.ts";
import { FilesStruct, Task } from "./task.ts";

export interface SpawnOptions {
  uid: number;
  gid: number;
  groups: number[];
  cwd: string;
  comm: string;
  argv: string[];
  envp: string[];
  /** Files for fd 0, 1, 2 ... (each is installed with its own reference). */
  files: (File | ((t: Task) => File))[];
  exe?: string;
}

/** A new session leader, child of init, with the given identity and files. */
export function spawnUserTask(k: Kernel, o: SpawnOptions): Task {
  const init = k.tasks.init;
  const pid = k.tasks.allocPid();
  const root = init.fs.root;
  const t = new Task(
    k,
    pid,
    init,
    makeCred(o.uid, o.gid, o.groups),
    { root, pwd: root, umask: 0o002 },
    new FilesStruct(),
    new MM(),
    o.comm,
  );
  if (o.uid === 0) t.fs.umask = 0o022;
  t.pgid = pid;
  t.sid = pid;
  t.argv = o.argv;
  t.envp = o.envp;
  t.exe = o.exe ?? "";
  init.children.add(t);
  k.tasks.add(t);
  const cwd = k.run(() => path_walk(walkContext(t), root, o.cwd, true), t);
  if (typeof cwd !== "number") t.fs.pwd = cwd;
  o.files.forEach((f, fd) => {
    const file = typeof f === "function" ? f(t) : f;
    t.files.install(fd, file, false);
  });
  return t;
}
