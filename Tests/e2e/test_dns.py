"""`mox dns lookup`, `mox spf check`, `mox dmarc lookup`, `mox iprev` and
`mox dnsbl` against real DNS servers on loopback: nsd serving the zones in
Tests/MoxDNSTests/zones, unbound validating signed.test (see dnsservers.py)."""
import os
import subprocess
import tempfile

import pytest

import dnsservers


@pytest.fixture(scope="module")
def dns():
    if not dnsservers.available():
        if os.environ.get("CI"):
            pytest.fail("nsd/unbound/ldnsutils missing: scripts/setup.sh --tests installs them")
        pytest.skip("nsd/unbound/ldnsutils not installed")
    with tempfile.TemporaryDirectory(prefix="mox-dns-") as tmp:
        servers = dnsservers.DNSServers(tmp).start()
        try:
            yield servers
        finally:
            servers.stop()


def mox_dns(mox, dns, *args, port=None):
    r = subprocess.run([mox, *args[:2], "--resolver", f"127.0.0.1:{port or dns.unbound_port}", *args[2:]],
                       capture_output=True, text=True, timeout=60)
    return r


def test_lookup_signed_zone_is_authentic(mox, dns):
    r = mox_dns(mox, dns, "dns", "lookup", "A", "signed.test")
    assert r.returncode == 0, r.stderr
    assert "signed.test. 300 IN A 192.0.2.20" in r.stdout
    assert "; authentic: true" in r.stdout


def test_lookup_unsigned_zone_is_not_authentic(mox, dns):
    r = mox_dns(mox, dns, "dns", "lookup", "MX", "plain.test")
    assert r.returncode == 0, r.stderr
    assert "plain.test. 300 IN MX 10 mx.plain.test." in r.stdout
    assert "; authentic: false" in r.stdout


def test_lookup_truncated_answer_uses_tcp(mox, dns):
    r = mox_dns(mox, dns, "dns", "lookup", "--udp-size", "512", "-v", "TXT", "big.plain.test")
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("big.plain.test. 300 IN TXT") == 6
    assert "over tcp" in r.stderr


def test_lookup_nxdomain_and_nodata(mox, dns):
    r = mox_dns(mox, dns, "dns", "lookup", "A", "missing.signed.test")
    assert r.returncode == 1
    assert "NXDOMAIN" in r.stderr and "authentic" in r.stderr
    r = mox_dns(mox, dns, "dns", "lookup", "TXT", "mx.plain.test")
    assert r.returncode == 1
    assert "NODATA" in r.stderr


def test_lookup_ptr_tlsa_cname_idna(mox, dns):
    r = mox_dns(mox, dns, "dns", "lookup", "PTR", "192.0.2.10")
    assert "10.2.0.192.in-addr.arpa. 300 IN PTR plain.test." in r.stdout
    r = mox_dns(mox, dns, "dns", "lookup", "TLSA", "_25._tcp.mx.signed.test")
    assert "IN TLSA 3 1 1 fedcba98" in r.stdout and "; authentic: true" in r.stdout
    r = mox_dns(mox, dns, "dns", "lookup", "A", "alias.plain.test")
    assert "alias.plain.test. 300 IN CNAME www.plain.test." in r.stdout
    assert "plain.test. 300 IN A 192.0.2.10" in r.stdout
    r = mox_dns(mox, dns, "dns", "lookup", "A", "bücher.plain.test")
    assert "xn--bcher-kva.plain.test. 300 IN A 192.0.2.44" in r.stdout


def test_lookup_authoritative_server_directly(mox, dns):
    r = mox_dns(mox, dns, "dns", "lookup", "SOA", "plain.test", port=dns.nsd_port)
    assert r.returncode == 0, r.stderr
    assert "IN SOA ns.plain.test. hostmaster.plain.test. 1 3600 600 86400 60" in r.stdout


def test_spf_check(mox, dns):
    r = mox_dns(mox, dns, "spf", "check", "plain.test", "192.0.2.25")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "pass"
    r = mox_dns(mox, dns, "spf", "check", "plain.test", "198.51.100.1")
    assert r.stdout.splitlines()[0] == "fail"
    r = mox_dns(mox, dns, "spf", "check", "user@signed.test", "192.0.2.26", "mx.signed.test")
    assert r.stdout.splitlines()[0] == "pass"
    assert "authentic: true" in r.stdout
    r = mox_dns(mox, dns, "spf", "check", "nope.plain.test", "192.0.2.25")
    assert r.stdout.splitlines()[0] == "none"


def test_dmarc_lookup(mox, dns):
    r = mox_dns(mox, dns, "dmarc", "lookup", "plain.test")
    assert r.returncode == 0, r.stderr
    assert "record: v=DMARC1; p=reject; rua=mailto:dmarc-reports@plain.test" in r.stdout
    r = mox_dns(mox, dns, "dmarc", "lookup", "sub.signed.test")
    assert "domain: signed.test" in r.stdout and "adkim=s" in r.stdout and "authentic: true" in r.stdout
    r = mox_dns(mox, dns, "dmarc", "lookup", "bl.plain.test")
    assert "domain: plain.test" in r.stdout


def test_iprev_and_dnsbl(mox, dns):
    r = mox_dns(mox, dns, "iprev", "192.0.2.10")
    assert "iprev: pass" in r.stdout and "name: plain.test." in r.stdout
    r = mox_dns(mox, dns, "iprev", "192.0.2.11")
    assert "iprev: fail" in r.stdout
    r = subprocess.run([mox, "dnsbl", "check", "--resolver", f"127.0.0.1:{dns.unbound_port}", "bl.plain.test", "192.0.2.99"],
                       capture_output=True, text=True, timeout=60)
    assert "status: fail" in r.stdout and "reason: listed for testing" in r.stdout
    r = subprocess.run([mox, "dnsbl", "checkhealth", "--resolver", f"127.0.0.1:{dns.unbound_port}", "bl.plain.test"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "healthy" in r.stdout


def test_record_parsers_without_dns(mox):
    r = subprocess.run([mox, "dmarc", "parsedmarcrecord", "v=DMARC1;p=reject;pct=50"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "v=DMARC1; p=reject; pct=50"
    r = subprocess.run([mox, "dmarc", "parsedmarcrecord", "v=DMARC1; p=maybe"], capture_output=True, text=True)
    assert r.returncode == 1
    r = subprocess.run([mox, "spf", "parse", "v=spf1 mx -all"], capture_output=True, text=True)
    assert r.returncode == 0 and "directive: -all" in r.stdout
    r = subprocess.run([mox, "dmarc", "orgdomain", "mail.example.co.uk"], capture_output=True, text=True)
    assert r.stdout.strip() == "example.co.uk"


# RFC 8463's example ed25519 private key; its public key is in plain.test.zone.
RFC8463_SEED = b"nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="


@pytest.mark.parametrize("selector,expect_rc,expect", [
    (b"brisbane", 0, "pass d=plain.test s=brisbane a=ed25519-sha256"),
    (b"nosuchkey", 1, "permerror d=plain.test s=nosuchkey a=ed25519-sha256"),
])
def test_dkim_verify_fetches_key_from_dns(mox, dns, tmp_path, selector, expect_rc, expect):
    import dkim
    msg = (b"From: a@plain.test\r\nTo: b@example.org\r\nSubject: dns key\r\n"
           b"Date: Sat, 21 Nov 2026 10:00:00 +0000\r\n\r\nbody\r\n")
    sig = dkim.sign(msg, selector, b"plain.test", RFC8463_SEED, signature_algorithm=b"ed25519-sha256",
                    include_headers=[b"from", b"to", b"subject", b"date"])
    path = tmp_path / "m.eml"
    path.write_bytes(sig + msg)
    r = mox_dns(mox, dns, "dkim", "verify", str(path))
    assert r.returncode == expect_rc, r.stdout + r.stderr
    assert r.stdout.splitlines()[0].startswith(expect), r.stdout
