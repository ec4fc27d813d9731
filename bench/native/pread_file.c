/* The real kernel's cost of the same operations as bench/procfs.bench.ts and
 * bench/sysfs.bench.ts, for comparison: pread of a file on an open fd (for a sysfs
 * attribute each one a fresh show() in kernfs, since kernfs_seq_start() reruns show at
 * offset 0; for a single_open proc file a fresh show too), and open+read+close of it.
 * Usage: pread_file PATH NAME (NAME prefixes the JSON lines' names, e.g. native_proc). */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "/proc/version";
  const char *name = argc > 2 ? argv[2] : "native_proc";
  const int n = 200000;
  char buf[256];
  int fd = open(path, O_RDONLY);
  if (fd < 0) { perror(path); return 1; }
  if (pread(fd, buf, 64, 0) < 0) { perror(path); return 1; }
  double best_pread = 1e18, best_orc = 1e18;
  for (int round = 0; round < 5; round++) {
    double t0 = now_ns();
    for (int i = 0; i < n; i++) pread(fd, buf, 64, 0);
    double t = (now_ns() - t0) / n;
    if (t < best_pread) best_pread = t;
    t0 = now_ns();
    for (int i = 0; i < n / 10; i++) { int f = open(path, O_RDONLY); read(f, buf, 64); close(f); }
    t = (now_ns() - t0) / (n / 10);
    if (t < best_orc) best_orc = t;
  }
  printf("{\"name\":\"%s_pread\",\"ns_per_op\":%.1f,\"file\":\"%s\"}\n", name, best_pread, path);
  printf("{\"name\":\"%s_open_read_close\",\"ns_per_op\":%.1f,\"file\":\"%s\"}\n", name, best_orc, path);
  return 0;
}
