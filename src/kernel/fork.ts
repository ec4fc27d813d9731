/** Creating processes (kernel/fork.c). */
import { get_file } from "../fs/file_table.ts";
import { FilesStruct, Task } from "./task.ts";

/**
 * Mirrors copy_process() for fork(): a child with a copy of the parent's
 * credentials, fd table (sharing the open files), fs context and address space.
 * vkern cannot copy a running JavaScript function, so user space gives the child
 * its code separately (libc's fork(child) runs `child` in the new task).
 */
export function sys_fork(t: Task): number {
  const k = t.kernel;
  const pid = k.tasks.allocPid();
  if (pid < 0) return pid;
  const files = new FilesStruct();
  t.files.fds.forEach((e, fd) => {
    if (e) files.install(fd, get_file(e.file), e.cloexec);
  });
  const child = new Task(
    k,
    pid,
    t,
    { ...t.cred, groups: [...t.cred.groups] },
    { root: t.fs.root, pwd: t.fs.pwd, umask: t.fs.umask },
    files,
    t.mm.clone(),
    t.comm,
  );
  child.argv = t.argv;
  child.envp = t.envp;
  child.exe = t.exe;
  child.pgid = t.pgid;
  child.sid = t.sid;
  child.sighand = new Map(t.sighand);
  if (t.tracer?.followForks) child.tracer = t.tracer;
  t.children.add(child);
  k.tasks.add(child);
  return pid;
}

/** setpgid(pid, pgid): job control groups for the shell. */
export function sys_setpgid(t: Task, pid: number, pgid: number): number {
  const target = pid === 0 ? t : t.kernel.tasks.get(pid);
  if (!target || (target !== t && target.parent !== t)) return -3; // -ESRCH
  if (pgid < 0) return -22;
  target.pgid = pgid === 0 ? target.pid : pgid;
  return 0;
}

export function sys_getpgid(t: Task, pid: number): number {
  const target = pid === 0 ? t : t.kernel.tasks.get(pid);
  return target ? target.pgid : -3;
}

export function sys_setsid(t: Task): number {
  if (t.pgid === t.pid) return -1; // -EPERM: already a group leader
  t.sid = t.pid;
  t.pgid = t.pid;
  return t.pid;
}
