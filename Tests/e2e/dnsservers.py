"""Real DNS servers on loopback for the resolver tests: nsd serves the zones
under Tests/MoxDNSTests/zones (signed.test signed here with ldns-signzone),
unbound validates them with signed.test's key as trust anchor and answers
recursive queries. Both run in the foreground with their own config in a
temporary directory, on free high ports of 127.0.0.1, and are stopped by pid.

Run as a script (`python3 dnsservers.py`) it starts both, prints one JSON
line {"nsd": PORT, "unbound": PORT}, and stops them on SIGTERM or stdin EOF;
the Swift tests (MoxDNSTests) use it that way.
"""
import json
import os
import pathlib
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
ZONES = ROOT / "Tests/MoxDNSTests/zones"
ZONE_NAMES = ["plain.test", "signed.test", "2.0.192.in-addr.arpa"]


def available():
    return all(shutil.which(t) or os.path.exists(f"/usr/sbin/{t}") for t in ["nsd", "unbound", "ldns-signzone", "ldns-keygen"])


def tool(name):
    return shutil.which(name) or f"/usr/sbin/{name}"


def free_port():
    """A port free for both UDP and TCP on 127.0.0.1."""
    for _ in range(50):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(("127.0.0.1", 0))
        port = u.getsockname()[1]
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            t.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            t.close()
            u.close()
    raise RuntimeError("no free port")


def soa_query_ok(port, name):
    """Sends a SOA query over UDP; true when any response comes back."""
    qname = b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0"
    msg = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + qname + struct.pack(">HH", 6, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.3)
    try:
        s.sendto(msg, ("127.0.0.1", port))
        data, _ = s.recvfrom(4096)
        return len(data) >= 12 and (data[3] & 0xF) == 0
    except OSError:
        return False
    finally:
        s.close()


class DNSServers:
    def __init__(self, tmp):
        self.dir = pathlib.Path(tmp)
        self.procs = []
        self.nsd_port = free_port()
        self.unbound_port = free_port()
        while self.unbound_port == self.nsd_port:
            self.unbound_port = free_port()

    def run(self, *args):
        subprocess.run(list(args), cwd=self.dir, check=True, capture_output=True, timeout=60)

    def sign(self):
        """Makes a KSK and a ZSK for signed.test and signs the zone (NSEC)."""
        ksk = subprocess.run([tool("ldns-keygen"), "-a", "ECDSAP256SHA256", "-k", "signed.test"], cwd=self.dir,
                             check=True, capture_output=True, text=True, timeout=60).stdout.strip()
        zsk = subprocess.run([tool("ldns-keygen"), "-a", "ECDSAP256SHA256", "signed.test"], cwd=self.dir,
                             check=True, capture_output=True, text=True, timeout=60).stdout.strip()
        self.run(tool("ldns-signzone"), "-o", "signed.test", "signed.test.zone", zsk, ksk)
        # The KSK's DNSKEY record is unbound's trust anchor for the zone.
        (self.dir / "anchor.key").write_text((self.dir / f"{ksk}.key").read_text())

    def start(self):
        for z in ZONE_NAMES:
            shutil.copy(ZONES / f"{z}.zone", self.dir / f"{z}.zone")
        self.sign()
        d = self.dir
        zones = "".join(
            f"zone:\n\tname: \"{z}\"\n\tzonefile: \"{d}/{z}.zone{'.signed' if z == 'signed.test' else ''}\"\n"
            for z in ZONE_NAMES)
        (d / "nsd.conf").write_text(f"""server:
\tip-address: 127.0.0.1
\tport: {self.nsd_port}
\tdo-ip6: no
\tusername: ""
\tchroot: ""
\tzonesdir: "{d}"
\tdatabase: ""
\tzonelistfile: "{d}/zone.list"
\txfrdfile: "{d}/xfrd.state"
\tpidfile: "{d}/nsd.pid"
\tlogfile: "{d}/nsd.log"
\tserver-count: 1
\tverbosity: 1
remote-control:
\tcontrol-enable: no
{zones}""")
        stubs = "".join(f"stub-zone:\n\tname: \"{z}\"\n\tstub-addr: 127.0.0.1@{self.nsd_port}\n" for z in ZONE_NAMES)
        nodefault = "".join(f"\tlocal-zone: \"{z}.\" nodefault\n" for z in ["test", "2.0.192.in-addr.arpa"])
        (d / "unbound.conf").write_text(f"""server:
\tinterface: 127.0.0.1
\tport: {self.unbound_port}
\tdo-ip6: no
\tdo-daemonize: no
\tusername: ""
\tchroot: ""
\tdirectory: "{d}"
\tpidfile: "{d}/unbound.pid"
\tlogfile: "{d}/unbound.log"
\tuse-syslog: no
\tverbosity: 1
\tnum-threads: 1
\tso-reuseport: no
\tdo-not-query-localhost: no
\tqname-minimisation: no
\taccess-control: 127.0.0.0/8 allow
\ttrust-anchor-file: "{d}/anchor.key"
\tval-log-level: 2
{nodefault}remote-control:
\tcontrol-enable: no
{stubs}""")
        self.run(tool("nsd-checkconf"), str(d / "nsd.conf"))
        self.run(tool("unbound-checkconf"), str(d / "unbound.conf"))
        self.procs.append(subprocess.Popen([tool("nsd"), "-d", "-c", str(d / "nsd.conf")], cwd=d,
                                           stdout=subprocess.DEVNULL, stderr=open(d / "nsd.stderr", "w")))
        self.wait(self.nsd_port, "plain.test", self.procs[-1], "nsd")
        self.procs.append(subprocess.Popen([tool("unbound"), "-d", "-c", str(d / "unbound.conf")], cwd=d,
                                           stdout=subprocess.DEVNULL, stderr=open(d / "unbound.stderr", "w")))
        self.wait(self.unbound_port, "signed.test", self.procs[-1], "unbound")
        return self

    def wait(self, port, name, proc, what):
        deadline = time.time() + 20
        while time.time() < deadline:
            if proc.poll() is not None:
                break
            if soa_query_ok(port, name):
                return
            time.sleep(0.1)
        logs = "".join((self.dir / f).read_text() for f in [f"{what}.stderr", f"{what}.log"] if (self.dir / f).exists())
        self.stop()
        raise RuntimeError(f"{what} did not start on port {port}: {logs}")

    def stop(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.procs = []


def main():
    tmp = tempfile.mkdtemp(prefix="mox-dns-")
    servers = DNSServers(tmp)
    try:
        servers.start()
    except Exception as e:
        print(json.dumps({"error": str(e)}), flush=True)
        shutil.rmtree(tmp, ignore_errors=True)
        sys.exit(1)

    def stop(*_):
        servers.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(json.dumps({"nsd": servers.nsd_port, "unbound": servers.unbound_port, "dir": tmp}), flush=True)
    # Stop when the parent closes our stdin (it died or is done).
    try:
        sys.stdin.read()
    finally:
        stop()


if __name__ == "__main__":
    main()
