// What Swift cannot import from the C library as-is: CMSG macros for
// SCM_RIGHTS, SO_PEERCRED, prctl, and a fork+exec that runs only
// async-signal-safe calls between fork and exec.
#ifndef CMOXSYS_H
#define CMOXSYS_H

#include <stddef.h>
#include <sys/types.h>

#define MOX_MAX_FDS_PER_MSG 8

/// Sends len bytes with up to MOX_MAX_FDS_PER_MSG descriptors attached (SCM_RIGHTS).
/// Returns bytes sent or -1 with errno set. Retries EINTR.
ssize_t mox_sendmsg_fds(int sock, const void *buf, size_t len, const int *fds, int nfds);

/// Receives up to len bytes and any attached descriptors (received with
/// MSG_CMSG_CLOEXEC). *nfds gets the count stored in fds; *truncated is set
/// when the kernel reported MSG_CTRUNC or MSG_TRUNC (descriptors beyond maxfds
/// are closed here). Returns bytes read, 0 on EOF, -1 with errno.
ssize_t mox_recvmsg_fds(int sock, void *buf, size_t len, int *fds, int maxfds, int *nfds, int *truncated);

/// Unix stream socketpair with close-on-exec set on both ends.
int mox_socketpair_stream(int fds[2]);

/// Layout of struct ucred (SO_PEERCRED), which Swift's Glibc does not export.
struct mox_ucred { pid_t pid; uid_t uid; gid_t gid; };

/// SO_PEERCRED of a connected Unix socket.
int mox_peercred(int fd, pid_t *pid, uid_t *uid, gid_t *gid);

int mox_set_dumpable(int on);
int mox_set_no_new_privs(void);
int mox_get_no_new_privs(void);
int mox_set_process_name(const char *name);
int mox_set_pdeathsig(int sig);
int mox_capbset_drop(int cap);

struct mox_spawn_spec {
    const char *path;
    char *const *argv;
    char *const *envp;
    /// Descriptor i of the parent becomes target_fds[i] in the child; every
    /// other descriptor above 2 is closed.
    const int *source_fds;
    const int *target_fds;
    int nfds;
    /// When drop is set: setgroups(ngroups, groups), setresgid(gid),
    /// setresuid(uid), clear ambient and bounding capabilities.
    int drop;
    uid_t uid;
    gid_t gid;
    const gid_t *groups;
    int ngroups;
    /// Signal the child gets when the parent dies (0: none).
    int parent_death_signal;
    /// Process group: when set, the child becomes leader of its own group.
    int new_process_group;
};

/// fork + exec per spec. Returns the child's pid, or -1 with errno. When the
/// child fails between fork and exec it exits with status 127 after writing a
/// one-line reason to stderr.
pid_t mox_spawn(const struct mox_spawn_spec *spec);

#endif
