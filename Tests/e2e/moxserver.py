"""Start and stop a real `mox serve` or `mox localserve` for end-to-end tests."""
import os
import pwd
import re
import signal
import socket
import subprocess
import tempfile
import time


def free_ports(n):
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def serve_config(ports, supervision=None):
    """mox.conf and domains.conf text for a loopback test server."""
    smtp, subm, imap, http = ports
    sup = supervision or {"MaxRestarts": 20, "RestartWindow": "60s", "RestartBackoff": "100ms", "StopTimeout": "5s"}
    sup_text = "".join(f"\t{k}: {v}\n" for k, v in sup.items())
    static = f"""DataDir: data
LogLevel: info
User: mox
KeyUser: moxkey
Hostname: mail.test.example
Supervision:
{sup_text}Listeners:
\tlocal:
\t\tIPs:
\t\t\t- 127.0.0.1
\t\tSMTP:
\t\t\tEnabled: true
\t\t\tPort: {smtp}
\t\tSubmission:
\t\t\tEnabled: true
\t\t\tPort: {subm}
\t\tIMAP:
\t\t\tEnabled: true
\t\t\tPort: {imap}
\t\tWebAPIHTTP:
\t\t\tEnabled: true
\t\t\tPort: {http}
Postmaster:
\tAccount: admin
\tMailbox: Inbox
"""
    dynamic = """Domains:
\ttest.example: nil
Accounts:
\tadmin:
\t\tDomain: test.example
\t\tDestinations:
\t\t\tadmin@test.example: nil
"""
    return static, dynamic


class MoxServer:
    def __init__(self, bindir, supervision=None, static_text=None, extra_ports=()):
        """static_text: a mox.conf template formatted with the ports by name
        (smtp, submission, imap, http and extra_ports) and {dir}."""
        self.bindir = bindir
        # World-traversable, so roles under the mox user reach their data dirs.
        self.dir = tempfile.mkdtemp(prefix="mox-e2e-")
        os.chmod(self.dir, 0o755)
        names = ["smtp", "submission", "imap", "http", *extra_ports]
        self.ports = dict(zip(names, free_ports(len(names))))
        static, dynamic = serve_config([self.ports[n] for n in names[:4]], supervision)
        if static_text is not None:
            static = static_text.format(dir=self.dir, **self.ports)
        with open(os.path.join(self.dir, "mox.conf"), "w") as f:
            f.write(static)
        with open(os.path.join(self.dir, "domains.conf"), "w") as f:
            f.write(dynamic)
        self.ctl_socket = os.path.join(self.dir, "data", "ctl")
        self.log_path = os.path.join(self.dir, "mox.log")
        self.proc = None

    def start(self):
        log = open(self.log_path, "w")
        args = [os.path.join(self.bindir, "mox"), "serve", "--config", self.dir]
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        self.wait_ready()
        return self

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def ctl(self, *args, user=None):
        cmd = [os.path.join(self.bindir, "mox-ctl"), "--socket", self.ctl_socket, *args]
        if user:
            uid, gid = user_ids(user)
            cmd = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30)

    def status(self):
        """{role: {pid, uid, restarts, state}} from `mox-ctl status`."""
        r = self.ctl("status")
        if r.returncode != 0:
            return None
        out = {}
        for line in r.stdout.splitlines()[1:]:
            f = line.split()
            out[f[0]] = {"pid": int(f[1]), "uid": int(f[2]), "restarts": int(f[4]), "state": f[5]}
        return out

    def wait_ready(self, timeout=20, exclude_pids=()):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"mox exited with {self.proc.returncode}:\n{self.log()}")
            st = self.status() if os.path.exists(self.ctl_socket) else None
            if st and all(v["state"] in ("ready", "running") and v["pid"] not in exclude_pids for v in st.values()):
                return st
            time.sleep(0.05)
        raise AssertionError(f"mox not ready within {timeout}s:\n{self.log()}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def proc_status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    return fields


def listening_inodes():
    """{port: inode} of TCP sockets in LISTEN state on IPv4."""
    out = {}
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            parts = line.split()
            local, state, inode = parts[1], parts[3], parts[9]
            if state == "0A":
                out[int(local.split(":")[1], 16)] = int(inode)
    return out


def socket_inodes(pid):
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        m = re.match(r"socket:\[(\d+)\]", target)
        if m:
            inodes.add(int(m.group(1)))
    return inodes


def read_greeting(port, timeout=5):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        return s.recv(512).decode()


def user_ids(name):
    p = pwd.getpwnam(name)
    return p.pw_uid, p.pw_gid
