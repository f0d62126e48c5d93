// Test helper: loads a seccomp filter described in a simple line format (converted from the OCI
// profile by oci-to-lines.ts) with libseccomp, then execs a program under it, as a container
// runtime does: no_new_privs, load, execve.
//   usage: seccomp-exec RULES_FILE PROGRAM [ARG]...
// Line format, one rule a line:  default errno:N  |  allow NAME [COND]...  |  errno:N NAME [COND]...
// COND is INDEX:eq:VALUE or INDEX:masked_eq:MASK:VALUE (all given conditions must hold).
// Any unknown syscall name or malformed line is an error (exit 125): a typo must not pass silently.
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FAIL(...) do { fprintf(stderr, "seccomp-exec: " __VA_ARGS__); fputc('\n', stderr); exit(125); } while (0)

static uint32_t parse_action(const char *text, int lineno) {
  if (strcmp(text, "allow") == 0) return SCMP_ACT_ALLOW;
  if (strncmp(text, "errno:", 6) == 0) {
    char *end;
    long n = strtol(text + 6, &end, 10);
    if (*end == '\0' && n >= 0 && n <= 4095) return SCMP_ACT_ERRNO((uint16_t)n);
  }
  FAIL("line %d: bad action \"%s\"", lineno, text);
}

static struct scmp_arg_cmp parse_cond(const char *text, int lineno) {
  unsigned int index;
  char op[16];
  unsigned long long a, b = 0;
  int n = sscanf(text, "%u:%15[a-z_]:%llu:%llu", &index, op, &a, &b);
  if (n == 3 && strcmp(op, "eq") == 0 && index < 6) return (struct scmp_arg_cmp){ index, SCMP_CMP_EQ, a, 0 };
  if (n == 4 && strcmp(op, "masked_eq") == 0 && index < 6) return (struct scmp_arg_cmp){ index, SCMP_CMP_MASKED_EQ, a, b };
  FAIL("line %d: bad condition \"%s\"", lineno, text);
}

int main(int argc, char **argv) {
  if (argc < 3) FAIL("usage: seccomp-exec RULES_FILE PROGRAM [ARG]...");
  FILE *rules = fopen(argv[1], "r");
  if (rules == NULL) FAIL("cannot open %s: %s", argv[1], strerror(errno));
  scmp_filter_ctx ctx = NULL;
  char line[4096];
  int lineno = 0;
  while (fgets(line, sizeof line, rules) != NULL) {
    lineno++;
    char *words[16];
    int count = 0;
    for (char *w = strtok(line, " \t\n"); w != NULL && count < 16; w = strtok(NULL, " \t\n")) words[count++] = w;
    if (count == 0 || words[0][0] == '#') continue;
    if (strcmp(words[0], "default") == 0) {
      if (count != 2 || ctx != NULL) FAIL("line %d: one default line, first", lineno);
      ctx = seccomp_init(parse_action(words[1], lineno));
      if (ctx == NULL) FAIL("seccomp_init failed");
      continue;
    }
    if (ctx == NULL || count < 2) FAIL("line %d: expected a default line first, then ACTION NAME [COND]...", lineno);
    uint32_t action = parse_action(words[0], lineno);
    int nr = seccomp_syscall_resolve_name(words[1]);
    if (nr == __NR_SCMP_ERROR) FAIL("line %d: unknown syscall \"%s\"", lineno, words[1]);
    struct scmp_arg_cmp conds[6];
    int ncond = 0;
    for (int i = 2; i < count; i++) {
      if (ncond == 6) FAIL("line %d: too many conditions", lineno);
      conds[ncond++] = parse_cond(words[i], lineno);
    }
    int rc = seccomp_rule_add_array(ctx, action, nr, (unsigned int)ncond, conds);
    if (rc < 0) FAIL("line %d: cannot add rule for %s: %s", lineno, words[1], strerror(-rc));
  }
  fclose(rules);
  if (ctx == NULL) FAIL("no default line");
  if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1) < 0) FAIL("cannot set no_new_privs");
  int rc = seccomp_load(ctx);
  if (rc < 0) FAIL("cannot load the filter: %s", strerror(-rc));
  seccomp_release(ctx);
  execv(argv[2], argv + 2);
  FAIL("cannot exec %s: %s", argv[2], strerror(errno));
}
