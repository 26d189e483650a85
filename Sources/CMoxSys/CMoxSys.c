#define _GNU_SOURCE
#include "CMoxSys.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

ssize_t mox_sendmsg_fds(int sock, const void *buf, size_t len, const int *fds, int nfds) {
    if (nfds < 0 || nfds > MOX_MAX_FDS_PER_MSG) { errno = EINVAL; return -1; }
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
    union { char buf[CMSG_SPACE(sizeof(int) * MOX_MAX_FDS_PER_MSG)]; struct cmsghdr align; } ctl;
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (nfds > 0) {
        memset(&ctl, 0, sizeof ctl);
        msg.msg_control = ctl.buf;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
    }
    ssize_t n;
    do { n = sendmsg(sock, &msg, MSG_NOSIGNAL); } while (n < 0 && errno == EINTR);
    return n;
}

ssize_t mox_recvmsg_fds(int sock, void *buf, size_t len, int *fds, int maxfds, int *nfds, int *truncated) {
    struct iovec iov = { .iov_base = buf, .iov_len = len };
    union { char buf[CMSG_SPACE(sizeof(int) * MOX_MAX_FDS_PER_MSG)]; struct cmsghdr align; } ctl;
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = ctl.buf;
    msg.msg_controllen = sizeof ctl.buf;
    *nfds = 0;
    *truncated = 0;
    ssize_t n;
    do { n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC); } while (n < 0 && errno == EINTR);
    if (n < 0) return n;
    if (msg.msg_flags & (MSG_CTRUNC | MSG_TRUNC)) *truncated = 1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        int *data = (int *)CMSG_DATA(c);
        for (int i = 0; i < count; i++) {
            int fd;
            memcpy(&fd, data + i, sizeof fd);
            if (*nfds < maxfds) fds[(*nfds)++] = fd;
            else { close(fd); *truncated = 1; }  // nobody asked for it
        }
    }
    return n;
}

int mox_socketpair_stream(int fds[2]) {
    return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
}

int mox_peercred(int fd, pid_t *pid, uid_t *uid, gid_t *gid) {
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return -1;
    *pid = cred.pid; *uid = cred.uid; *gid = cred.gid;
    return 0;
}

int mox_set_dumpable(int on) { return prctl(PR_SET_DUMPABLE, on ? 1 : 0, 0, 0, 0); }
int mox_set_no_new_privs(void) { return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); }
int mox_get_no_new_privs(void) { return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0); }
int mox_set_process_name(const char *name) { return prctl(PR_SET_NAME, name, 0, 0, 0); }
int mox_set_pdeathsig(int sig) { return prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0); }
int mox_capbset_drop(int cap) { return prctl(PR_CAPBSET_DROP, cap, 0, 0, 0); }

// Between fork and exec only async-signal-safe calls: write, dup2, fcntl,
// close, prctl, setgroups, setresgid, setresuid, setrlimit, execve, _exit.
static void child_fail(const char *what) {
    int saved = errno;
    const char *msg = strerror(saved);  // not strictly safe; only on the failure path
    (void)!write(2, "mox spawn: ", 11);
    (void)!write(2, what, strlen(what));
    (void)!write(2, ": ", 2);
    (void)!write(2, msg, strlen(msg));
    (void)!write(2, "\n", 1);
    _exit(127);
}

pid_t mox_spawn(const struct mox_spawn_spec *s) {
    if (s->nfds < 0 || s->nfds > 64) { errno = EINVAL; return -1; }
    int maxtarget = 2;
    for (int i = 0; i < s->nfds; i++) if (s->target_fds[i] > maxtarget) maxtarget = s->target_fds[i];

    pid_t pid = fork();
    if (pid != 0) return pid;

    // Child.
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
    if (s->new_process_group && setpgid(0, 0) != 0) child_fail("setpgid");

    // Move sources out of the way first so a source equal to another target survives.
    int moved[64];
    for (int i = 0; i < s->nfds; i++) {
        moved[i] = fcntl(s->source_fds[i], F_DUPFD_CLOEXEC, maxtarget + 1 + 64);
        if (moved[i] < 0) child_fail("fcntl dupfd");
    }
    for (int i = 0; i < s->nfds; i++) {
        if (dup2(moved[i], s->target_fds[i]) < 0) child_fail("dup2");  // dup2 clears CLOEXEC
    }
    if (syscall(SYS_close_range, (unsigned)(maxtarget + 1), ~0U, 0) != 0) {
        for (int fd = maxtarget + 1; fd < 65536; fd++) close(fd);
    }

    struct rlimit nocore = { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &nocore) != 0) child_fail("setrlimit core");

    if (s->drop) {
        // Bounding set first: it needs CAP_SETPCAP, which is gone after setuid.
        for (int cap = 0; cap <= 63; cap++) {
            if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) child_fail("capbset drop");
        }
        prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
        // Groups, then gid, then uid: the reverse would leave group privileges recoverable.
        if (setgroups((size_t)s->ngroups, s->groups) != 0) child_fail("setgroups");
        if (setresgid(s->gid, s->gid, s->gid) != 0) child_fail("setresgid");
        if (setresuid(s->uid, s->uid, s->uid) != 0) child_fail("setresuid");
        if (s->uid != 0 && setuid(0) == 0) { errno = EPERM; child_fail("privileges still recoverable"); }
    }
    if (s->parent_death_signal && prctl(PR_SET_PDEATHSIG, s->parent_death_signal, 0, 0, 0) != 0) child_fail("pdeathsig");
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) child_fail("no_new_privs");

    execve(s->path, s->argv, s->envp);
    child_fail("execve");
    return -1;
}
