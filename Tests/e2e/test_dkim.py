"""DKIM interop with dkimpy, both ways: messages dkimpy signs must verify with
`mox dkim verify`, and messages `mox dkim sign` signs must verify with dkimpy
(its Python API with dnsfunc= standing in for DNS). Plus RFC 8463's example
through the CLI. Needs dkimpy and pynacl (scripts/setup.sh --tests)."""
import base64
import subprocess

import pytest

dkim = pytest.importorskip("dkim")
pytest.importorskip("nacl")
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa  # noqa: E402

DOMAIN = "mox.example"
SELECTOR = "sel"
NAME = f"{SELECTOR}._domainkey.{DOMAIN}"

# Tricky shapes: folded, repeated, oddly spaced headers; trailing blank lines
# and whitespace in bodies; an empty body; a header listed for signing but absent.
MESSAGES = {
    "folded": (
        "From: Mox Test <mox@mox.example>\r\n"
        "To: one@other.example,\r\n"
        "\ttwo@other.example,\r\n"
        "   three@other.example\r\n"
        "Subject:   a  subject\t that\r\n"
        " is folded   \r\n"
        "Date: Fri, 10 Dec 2021 20:09:08 +0100\r\n"
        "Message-ID: <folded@mox.example>\r\n"
        "\r\n"
        "Hello  there,\t\r\n"
        "  indented line  \r\n"
        "\r\n"
        "bye\r\n"
    ),
    "repeated": (
        "Received: from a.example by b.example; Fri, 10 Dec 2021 20:09:08 +0100\r\n"
        "Received: from c.example by d.example; Fri, 10 Dec 2021 20:09:09 +0100\r\n"
        "From: mox@mox.example\r\n"
        "To: x@other.example\r\n"
        "To: y@other.example\r\n"
        "X-Tag: first\r\n"
        "x-tag:  second,\r\n"
        "\tfolded\r\n"
        "Subject: repeated\r\n"
        "Date: Fri, 10 Dec 2021 20:09:08 +0100\r\n"
        "\r\n"
        "body\r\n"
    ),
    "trailing-blank-lines": (
        "From: mox@mox.example\r\n"
        "Subject: trailing\r\n"
        "\r\n"
        "text   \r\n"
        "\r\n"
        "  \r\n"
        "\r\n"
        "\r\n"
    ),
    "empty-body": (
        "From: mox@mox.example\r\n"
        "subject:lower case and no space\r\n"
        "\r\n"
    ),
}

# Signed field lists: each includes one header the messages lack (reply-to).
# (dkimpy refuses to sign Received or Comments, so repeats are tested with To and X-Tag.)
SIGN_HEADERS = ["from", "to", "subject", "date", "message-id", "x-tag", "reply-to"]
CANONS = ["simple/simple", "relaxed/relaxed", "relaxed/simple", "simple/relaxed"]


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, timeout=60, **kw)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    """RSA 2048 and Ed25519 keys in the forms each side reads."""
    d = tmp_path_factory.mktemp("keys")
    out = {}

    r = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pkcs1 = r.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    pkcs8 = r.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    spki = r.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    (d / "rsa1.pem").write_bytes(pkcs1)
    (d / "rsa8.pem").write_bytes(pkcs8)
    out["rsa"] = {
        "alg": b"rsa-sha256",
        "dkimpy_key": pkcs1,
        "mox_key": str(d / "rsa8.pem"),
        "mox_key_pkcs1": str(d / "rsa1.pem"),
        "txt": "v=DKIM1; k=rsa; p=" + base64.b64encode(spki).decode(),
    }

    e = ed25519.Ed25519PrivateKey.generate()
    seed = e.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    pub = e.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    (d / "ed.pem").write_bytes(e.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    out["ed25519"] = {
        "alg": b"ed25519-sha256",
        "dkimpy_key": base64.b64encode(seed),  # dkimpy takes the raw seed, base64
        "mox_key": str(d / "ed.pem"),
        "txt": "v=DKIM1; k=ed25519; p=" + base64.b64encode(pub).decode(),
    }
    return out


def dnsfunc_for(txt):
    def dnsfunc(name, timeout=5):
        n = name.decode() if isinstance(name, bytes) else name
        return txt.encode() if n.rstrip(".").lower() == NAME else None
    return dnsfunc


@pytest.mark.parametrize("kind", ["rsa", "ed25519"])
def test_mox_txt_matches_key(mox, keys, kind):
    r = run(mox, "dkim", "txt", keys[kind]["mox_key"])
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().strip() == keys[kind]["txt"]


@pytest.mark.parametrize("kind", ["rsa", "ed25519"])
@pytest.mark.parametrize("canon", CANONS)
@pytest.mark.parametrize("msgname", sorted(MESSAGES))
def test_dkimpy_signs_mox_verifies(mox, keys, tmp_path, kind, canon, msgname):
    k = keys[kind]
    msg = MESSAGES[msgname].encode()
    h, b = canon.encode().split(b"/")
    sig = dkim.sign(msg, SELECTOR.encode(), DOMAIN.encode(), k["dkimpy_key"], canonicalize=(h, b),
                    signature_algorithm=k["alg"], include_headers=[x.encode() for x in SIGN_HEADERS])
    path = tmp_path / "signed.eml"
    path.write_bytes(sig + msg)
    # dkimpy agrees with itself...
    assert dkim.verify(sig + msg, dnsfunc=dnsfunc_for(k["txt"]))
    # ...and so do we.
    r = run(mox, "dkim", "verify", "--txt", f"{NAME}={k['txt']}", str(path))
    out = r.stdout.decode()
    assert r.returncode == 0, (out, r.stderr, (sig + msg).decode())
    assert out.startswith(f"pass d={DOMAIN} s={SELECTOR} a={k['alg'].decode()}"), out

    # A changed body must not pass.
    path.write_bytes(sig + msg.replace(b"\r\n\r\n", b"\r\n\r\nextra\r\n", 1))
    r = run(mox, "dkim", "verify", "--txt", f"{NAME}={k['txt']}", str(path))
    assert r.returncode == 1 and r.stdout.decode().startswith("fail"), r.stdout


@pytest.mark.parametrize("kind", ["rsa", "ed25519"])
@pytest.mark.parametrize("canon", CANONS)
@pytest.mark.parametrize("msgname", sorted(MESSAGES))
def test_mox_signs_dkimpy_verifies(mox, keys, tmp_path, kind, canon, msgname):
    k = keys[kind]
    path = tmp_path / "msg.eml"
    path.write_bytes(MESSAGES[msgname].encode())
    args = [mox, "dkim", "sign", "--domain", DOMAIN, "--selector", SELECTOR, "--key", k["mox_key"],
            "--canonicalization", canon, "--headers", ",".join(SIGN_HEADERS), str(path)]
    if msgname == "repeated":
        args.insert(-1, "--oversign")
    r = run(*args)
    assert r.returncode == 0, r.stderr
    signed = r.stdout
    assert signed.endswith(MESSAGES[msgname].encode())
    assert dkim.verify(signed, dnsfunc=dnsfunc_for(k["txt"])), signed.decode()
    # dkimpy sees a tampered copy fail.
    tampered = signed.replace(b"From: ", b"From: X", 1) if b"From: " in signed else signed + b"x"
    assert not dkim.verify(tampered, dnsfunc=dnsfunc_for(k["txt"]))


def test_mox_signs_with_pkcs1_rsa_key(mox, keys, tmp_path):
    path = tmp_path / "msg.eml"
    path.write_bytes(MESSAGES["folded"].encode())
    r = run(mox, "dkim", "sign", "--domain", DOMAIN, "--selector", SELECTOR, "--key", keys["rsa"]["mox_key_pkcs1"], str(path))
    assert r.returncode == 0, r.stderr
    assert dkim.verify(r.stdout, dnsfunc=dnsfunc_for(keys["rsa"]["txt"]))


def test_generated_keys_round_trip(mox, tmp_path):
    for gen in ["gened25519", "genrsa"]:
        r = run(mox, "dkim", gen)
        assert r.returncode == 0, r.stderr
        key = tmp_path / f"{gen}.pem"
        key.write_bytes(r.stdout)
        txt = run(mox, "dkim", "txt", str(key)).stdout.decode().strip()
        msg = tmp_path / "m.eml"
        # Bare LF line ends, as a text editor writes: mox signs the CRLF form.
        msg.write_bytes(b"From: a@mox.example\nSubject: gen\n\nhello\n")
        signed = run(mox, "dkim", "sign", "--domain", DOMAIN, "--selector", SELECTOR, "--key", str(key), str(msg)).stdout
        assert dkim.verify(signed, dnsfunc=dnsfunc_for(txt)), signed
        out = tmp_path / "s.eml"
        out.write_bytes(signed)
        r = run(mox, "dkim", "verify", "--key-file", str(key), str(out))
        assert r.returncode == 0 and r.stdout.startswith(b"pass"), r.stdout


RFC8463 = (
    "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;\r\n"
    " d=football.example.com; i=@football.example.com;\r\n"
    " q=dns/txt; s=brisbane; t=1528637909; h=from : to :\r\n"
    " subject : date : message-id : from : subject : date;\r\n"
    " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n"
    " b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus\r\n"
    " Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==\r\n"
    "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n"
    " d=football.example.com; i=@football.example.com;\r\n"
    " q=dns/txt; s=test; t=1528637909; h=from : to : subject :\r\n"
    " date : message-id : from : subject : date;\r\n"
    " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n"
    " b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3\r\n"
    " DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz\r\n"
    " dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=\r\n"
    "From: Joe SixPack <joe@football.example.com>\r\n"
    "To: Suzie Q <suzie@shopping.example.net>\r\n"
    "Subject: Is dinner ready?\r\n"
    "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n"
    "Message-ID: <20030712040037.46341.5F8J@football.example.com>\r\n"
    "\r\n"
    "Hi.\r\n"
    "\r\n"
    "We lost the game.  Are you hungry yet?\r\n"
    "\r\n"
    "Joe.\r\n"
)
RFC8463_ED = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
RFC8463_RSA = ("v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/"
               "byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB")


def test_rfc8463_example_verifies(mox, tmp_path):
    path = tmp_path / "rfc8463.eml"
    path.write_bytes(RFC8463.encode())
    r = run(mox, "dkim", "verify", "--resolver", "127.0.0.1:53",
            "--txt", f"brisbane._domainkey.football.example.com={RFC8463_ED}",
            "--txt", f"test._domainkey.football.example.com={RFC8463_RSA}", str(path))
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().splitlines() == [
        "pass d=football.example.com s=brisbane a=ed25519-sha256",
        "pass d=football.example.com s=test a=rsa-sha256",
    ]
