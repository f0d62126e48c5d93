/*
 * mdwe-exec PROGRAM [ARG]...: sets the kernel's memory-deny-write-execute for this process
 * (prctl PR_SET_MDWE, Linux 6.3+; kept across execve), then executes PROGRAM. The same refusal
 * systemd's MemoryDenyWriteExecute=yes imposes: no mapping may become executable after being
 * writable. Exit 125 when the kernel lacks it.
 */
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: mdwe-exec PROGRAM [ARG]...\n");
    return 2;
  }
  if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0) {
    perror("mdwe-exec: prctl(PR_SET_MDWE)");
    return 125;
  }
  execv(argv[1], argv + 1);
  perror("mdwe-exec: execv");
  return 126;
}
