"""`mox serve` as root: privilege separation, listener placement, restarts,
crash loops, stop, control socket. Reads /proc for what each process really is."""
import ctypes
import os
import signal
import time

import pytest

from conftest import bin_dir
from moxserver import MoxServer, listening_inodes, proc_status, read_greeting, socket_inodes, user_ids

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mox serve needs root; CI runs as root")

ROLES = ["smtpd", "imapd", "queued", "webapid", "keyd"]
# Bits of CAP_KILL(5), CAP_SETGID(6), CAP_SETUID(7), CAP_SETPCAP(8).
SUPERVISOR_CAPS = (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8)


@pytest.fixture
def server():
    s = MoxServer(str(bin_dir())).start()
    yield s
    s.stop()


def test_roles_run_as_configured_users_without_capabilities(server):
    st = server.status()
    mox_uid, mox_gid = user_ids("mox")
    key_uid, key_gid = user_ids("moxkey")
    for role in ROLES:
        pid = st[role]["pid"]
        f = proc_status(pid)
        uid, gid = (key_uid, key_gid) if role == "keyd" else (mox_uid, mox_gid)
        assert f["Uid"].split() == [str(uid)] * 4, (role, f["Uid"])
        assert f["Gid"].split() == [str(gid)] * 4, (role, f["Gid"])
        assert f["Groups"] == "", (role, f["Groups"])
        for cap in ("CapEff", "CapPrm", "CapBnd", "CapInh", "CapAmb"):
            assert int(f[cap], 16) == 0, (role, cap, f[cap])
        assert f["NoNewPrivs"] == "1", role
        assert f["Name"] == f"mox-{role}"
        # Not dumpable: the kernel makes its /proc files root's.
        assert os.stat(f"/proc/{pid}/status").st_uid == 0
    sup = proc_status(server.proc.pid)
    assert int(sup["CapEff"], 16) == SUPERVISOR_CAPS
    assert int(sup["CapBnd"], 16) == SUPERVISOR_CAPS


def test_data_directory_owners(server):
    data = os.path.join(server.dir, "data")
    mox_uid, _ = user_ids("mox")
    key_uid, _ = user_ids("moxkey")
    for sub, uid in [("store", mox_uid), ("accounts", mox_uid), ("queue", mox_uid), ("keys", key_uid)]:
        st = os.stat(os.path.join(data, sub))
        assert st.st_uid == uid and st.st_mode & 0o777 == 0o700, sub
    ctl = os.stat(server.ctl_socket)
    assert ctl.st_uid == 0 and ctl.st_mode & 0o777 == 0o600


def test_listeners_only_in_their_roles(server):
    st = server.status()
    listening = listening_inodes()
    want = {"smtpd": ["smtp", "submission"], "imapd": ["imap"], "webapid": ["http"], "queued": [], "keyd": []}
    all_ours = {listening[p] for p in server.ports.values()}
    for role, services in want.items():
        held = socket_inodes(st[role]["pid"]) & all_ours
        assert held == {listening[server.ports[s]] for s in services}, role
    # The supervisor keeps every listener, so the kernel queues connections during restarts.
    assert all_ours <= socket_inodes(server.proc.pid)
    assert read_greeting(server.ports["smtp"]).startswith("421 ")
    assert read_greeting(server.ports["imap"]).startswith("* BYE")
    assert read_greeting(server.ports["http"]).startswith("HTTP/1.1 503")


def test_kill_9_of_each_role_is_restarted_while_others_keep_serving(server):
    port_of = {"smtpd": "smtp", "imapd": "imap", "webapid": "http"}
    for role in ROLES:
        before = server.status()
        old = before[role]["pid"]
        os.kill(old, signal.SIGKILL)
        t0 = time.time()
        while True:
            st = server.status()
            if st and st[role]["pid"] not in (0, old) and st[role]["state"] == "ready":
                break
            assert time.time() - t0 < 2, f"{role} not back within 2s: {st}"
            time.sleep(0.02)
        if role in port_of:
            assert read_greeting(server.ports[port_of[role]])
        for other in ROLES:
            if other != role:
                assert st[other]["pid"] == before[other]["pid"], f"{other} changed when {role} died"
        assert st[role]["restarts"] == before[role]["restarts"] + 1


def pidfd_getfd(pid, fd):
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(pid)
    try:
        n = libc.syscall(438, pidfd, fd, 0)  # SYS_pidfd_getfd
        if n < 0:
            raise OSError(ctypes.get_errno(), "pidfd_getfd")
        return n
    finally:
        os.close(pidfd)


def test_garbage_from_a_role_gets_it_restarted_and_supervisor_survives(server):
    st = server.status()
    old = st["queued"]["pid"]
    # Write through the role's own end of its IPC edge (descriptor 3), as a
    # compromised role would.
    fd = pidfd_getfd(old, 3)
    os.write(fd, b"\x07garbage that is no frame at all" * 4)
    os.close(fd)
    st = server.wait_ready(exclude_pids=(old,))
    assert st["queued"]["pid"] != old
    assert server.proc.poll() is None
    assert "role sent a bad frame" in server.log()


def test_control_socket_refuses_other_users(server):
    r = server.ctl("status", user="nobody")
    assert r.returncode != 0
    assert "Permission denied" in r.stderr
    ok = server.ctl("status")
    assert ok.returncode == 0 and ok.stdout.startswith("ROLE")


def test_control_commands(server):
    r = server.ctl("frobnicate")
    assert r.returncode == 1 and "unknown command" in r.stderr
    r = server.ctl("restart", "nosuchrole")
    assert r.returncode == 1 and "usage: restart ROLE" in r.stderr
    # A data command reaches its owning role, which answers (not implemented yet there).
    r = server.ctl("queue", "list")
    assert r.returncode == 1 and "not implemented by this role" in r.stderr
    old = server.status()["imapd"]["pid"]
    r = server.ctl("restart", "imapd")
    assert r.returncode == 0, r.stderr
    st = server.wait_ready(exclude_pids=(old,))
    assert st["imapd"]["pid"] != old


def test_reload_applies_good_config_and_rejects_bad(server):
    path = os.path.join(server.dir, "domains.conf")
    good = open(path).read()
    with open(path, "w") as f:
        f.write(good + "\tbob:\n\t\tDomain: test.example\n")
    r = server.ctl("reload")
    assert r.returncode == 0 and "reloaded" in r.stdout
    with open(path, "w") as f:
        f.write(good + "\tbob:\n\t\tDomain: nowhere.example\n")
    r = server.ctl("reload")
    assert r.returncode == 1
    assert "domains.conf:9: Accounts.bob.Domain: domain \"nowhere.example\" is not configured" in r.stderr
    assert server.status() is not None  # still running
    # SIGHUP reloads too.
    with open(path, "w") as f:
        f.write(good)
    os.kill(server.proc.pid, signal.SIGHUP)
    deadline = time.time() + 5
    while server.log().count("config reloaded") < 2:
        assert time.time() < deadline
        time.sleep(0.05)


def test_sigterm_stops_every_process():
    s = MoxServer(str(bin_dir())).start()
    pids = [v["pid"] for v in s.status().values()]
    assert s.stop() == 0
    for pid in pids:
        assert not os.path.exists(f"/proc/{pid}") or proc_status(pid).get("State", "").startswith("Z") is False
    assert not os.path.exists(s.ctl_socket)
    assert "msg=stopped code=0" in s.log()


def test_crash_loop_stops_the_service():
    s = MoxServer(str(bin_dir()), supervision={"MaxRestarts": 2, "RestartWindow": "60s", "RestartBackoff": "100ms"}).start()
    try:
        pids = [v["pid"] for v in s.status().values()]
        for _ in range(3):
            st = s.wait_ready()
            os.kill(st["smtpd"]["pid"], signal.SIGKILL)
            pids.append(st["smtpd"]["pid"])
            time.sleep(0.3)
        s.proc.wait(timeout=15)
        assert s.proc.returncode == 1
        assert "crash loop: stopping mox" in s.log()
        time.sleep(0.2)
        for pid in pids:
            assert not os.path.exists(f"/proc/{pid}"), f"pid {pid} survived"
    finally:
        s.stop()


def test_serve_refuses_to_run_unprivileged():
    s = MoxServer(str(bin_dir()))
    import subprocess
    r = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                        os.path.join(str(bin_dir()), "mox"), "serve", "--config", s.dir], capture_output=True, text=True, timeout=30)
    assert r.returncode == 1
    assert "must start as root" in r.stderr


def test_control_group_grants_access_to_its_members():
    import grp
    import subprocess
    if not any(g.gr_name == "moxctl-test" for g in grp.getgrall()):
        subprocess.run(["groupadd", "--system", "moxctl-test"], check=True)
    gid = grp.getgrnam("moxctl-test").gr_gid
    s = MoxServer(str(bin_dir()))
    with open(os.path.join(s.dir, "mox.conf"), "a") as f:
        f.write("ControlGroup: moxctl-test\n")
    s.start()
    try:
        st = os.stat(s.ctl_socket)
        assert st.st_gid == gid and st.st_mode & 0o777 == 0o660
        base = [os.path.join(str(bin_dir()), "mox-ctl"), "--socket", s.ctl_socket, "status"]
        member = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", f"--groups={gid}", *base], capture_output=True, text=True, timeout=30)
        assert member.returncode == 0, member.stderr
        assert member.stdout.startswith("ROLE")
        outsider = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *base], capture_output=True, text=True, timeout=30)
        assert outsider.returncode != 0 and "Permission denied" in outsider.stderr
    finally:
        s.stop()
