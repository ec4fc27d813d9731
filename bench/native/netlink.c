/* The real kernel's cost of a netlink request/reply, for comparison with
 * bench/netlink.bench.ts: an NETLINK_ROUTE RTM_GETLINK request for the loopback device
 * (ifindex 1) and its RTM_NEWLINK reply, on one socket, best of five rounds. */
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(void) {
  const int n = 50000;
  int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
  if (fd < 0) { perror("socket"); return 1; }
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  struct { struct nlmsghdr h; struct ifinfomsg i; } req;
  memset(&req, 0, sizeof(req));
  req.h.nlmsg_len = sizeof(req);
  req.h.nlmsg_type = RTM_GETLINK;
  req.h.nlmsg_flags = NLM_F_REQUEST;
  req.i.ifi_family = AF_UNSPEC;
  req.i.ifi_index = 1;
  static char buf[16384];
  double best = 1e18;
  for (int round = 0; round < 5; round++) {
    double t0 = now_ns();
    for (int i = 0; i < n; i++) {
      req.h.nlmsg_seq = i;
      if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) { perror("sendto"); return 1; }
      if (recv(fd, buf, sizeof(buf), 0) <= 0) { perror("recv"); return 1; }
    }
    double t = (now_ns() - t0) / n;
    if (t < best) best = t;
  }
  printf("{\"name\":\"native_netlink_rtm_getlink_round_trip\",\"ns_per_op\":%.1f}\n", best);
  return 0;
}
