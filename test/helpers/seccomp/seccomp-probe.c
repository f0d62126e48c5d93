// Test helper: tries what a compromised sidecar might try and prints one "NAME RESULT" line per
// probe, RESULT being "ok" or the errno name (EPERM, ENOSYS, …). Run once without a filter (the
// baseline: each attempt is possible here) and once under the profile (which must refuse it).
//   usage: seccomp-probe PROBE...
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <netinet/in.h>
#include <linux/netlink.h>

static int result(long rc) { return rc < 0 ? errno : 0; }
static int socket_probe(int domain, int type, int protocol) {
  int fd = socket(domain, type, protocol);
  if (fd < 0) return errno;
  close(fd);
  return 0;
}
static void *thread_main(void *arg) { return arg; }

static int probe(const char *name) {
  errno = 0;
  // A pid that cannot exist: unfiltered, the kernel answers ESRCH; filtered, EPERM.
  if (strcmp(name, "ptrace") == 0) return result(syscall(SYS_ptrace, PTRACE_ATTACH, 2147483600, 0, 0));
  if (strcmp(name, "mount") == 0) return result(mount("none", "/nonexistent-kg-probe", "tmpfs", 0, NULL));
  if (strcmp(name, "unshare") == 0) return result(unshare(0));
  if (strcmp(name, "chroot") == 0) return result(chroot("/nonexistent-kg-probe"));
  if (strcmp(name, "packet") == 0) return socket_probe(AF_PACKET, SOCK_RAW, 0);
  if (strcmp(name, "raw") == 0) return socket_probe(AF_INET, SOCK_RAW, IPPROTO_ICMP);
  if (strcmp(name, "netlink_audit") == 0) return socket_probe(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT);
  if (strcmp(name, "tcp") == 0) return socket_probe(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (strcmp(name, "udp6") == 0) return socket_probe(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  if (strcmp(name, "unix") == 0) return socket_probe(AF_UNIX, SOCK_STREAM, 0);
  if (strcmp(name, "clone3") == 0) return result(syscall(SYS_clone3, NULL, 0));
  if (strcmp(name, "io_uring") == 0) return result(syscall(SYS_io_uring_setup, 0, NULL));
  // A path that does not exist: allowed, execve fails with ENOENT and the probe goes on.
  if (strcmp(name, "execve") == 0) {
    char *args[] = { "/nonexistent-kg-probe", NULL };
    return result(execve(args[0], args, args + 1));
  }
  if (strcmp(name, "fork") == 0) {
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    if (pid < 0) return errno;
    return result(waitpid(pid, NULL, 0));
  }
  if (strcmp(name, "thread") == 0) {
    pthread_t t;
    int rc = pthread_create(&t, NULL, thread_main, NULL);
    if (rc != 0) return rc;
    return pthread_join(t, NULL);
  }
  fprintf(stderr, "seccomp-probe: unknown probe %s\n", name);
  _exit(2);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    int err = probe(argv[i]);
    printf("%s %s\n", argv[i], err == 0 ? "ok" : strerrorname_np(err));
    fflush(stdout);
  }
  return 0;
}
