/* The real kernel's cost of an ioctl, for comparison with bench/ioctl.bench.ts: ENOTTY on
 * /dev/null (TCGETS, the cheapest path through do_vfs_ioctl to a driver without ioctl) and
 * FIONREAD on a pipe (a driver's unlocked_ioctl putting an int into user memory, as the
 * demo's IOCQPOWER does). Best of five rounds. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(void) {
  const int n = 200000;
  struct termios tt;
  int avail, p[2];
  int fd = open("/dev/null", O_RDONLY);
  if (fd < 0 || pipe(p) < 0) { perror("setup"); return 1; }
  double best_enotty = 1e18, best_fionread = 1e18;
  for (int round = 0; round < 5; round++) {
    double t0 = now_ns();
    for (int i = 0; i < n; i++) ioctl(fd, TCGETS, &tt);
    double t = (now_ns() - t0) / n;
    if (t < best_enotty) best_enotty = t;
    t0 = now_ns();
    for (int i = 0; i < n; i++) ioctl(p[0], FIONREAD, &avail);
    t = (now_ns() - t0) / n;
    if (t < best_fionread) best_fionread = t;
  }
  printf("{\"name\":\"native_ioctl_devnull_enotty\",\"ns_per_op\":%.1f}\n", best_enotty);
  printf("{\"name\":\"native_ioctl_pipe_fionread\",\"ns_per_op\":%.1f}\n", best_fionread);
  return 0;
}
