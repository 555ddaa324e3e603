"""Pinning the checked IP address must not weaken TLS: the certificate is still checked
against the host *name* the URL gave (SNI + hostname verification)."""

from __future__ import annotations

import datetime as dt
import http.server
import ssl
import threading

import httpcore
import pytest

from watchfloor.sources.ssrf import GuardedBackend

x509 = pytest.importorskip("cryptography.x509")
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402


@pytest.fixture
def tls_server(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_pem = tmp_path / "cert.pem"
    key_pem = tmp_path / "key.pem"
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))

    class Quiet(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Quiet)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_pem, key_pem)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], ssl.create_default_context(cafile=str(cert_pem))
    server.shutdown()
    server.server_close()


def test_tls_checks_the_name_while_connecting_to_the_checked_address(tls_server):
    port, client_context = tls_server
    with httpcore.ConnectionPool(ssl_context=client_context, network_backend=GuardedBackend(True)) as pool:
        assert pool.request("GET", f"https://localhost:{port}/").status == 200
    with httpcore.ConnectionPool(ssl_context=client_context, network_backend=GuardedBackend(True)) as pool:
        with pytest.raises(httpcore.ConnectError, match="certificate"):
            pool.request("GET", f"https://127.0.0.1:{port}/")  # the cert names localhost only
