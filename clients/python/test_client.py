#!/usr/bin/python3
"""A real Python call of the zeren.v1 services through the generated stubs.

Starts the Go example server (examples/embed, the sample city 示例市 loaded)
and calls it through zeren.v1.service_connect (HierarchyServiceClient, ...),
which speak the Connect protocol over urllib: GetChain as binary protobuf
and JSON, PermissionDenied outside the caller's subtree, CheckRule, and
PutStructure refused with its ValidationProblem details decoded. Then the
wire itself against a recording stand-in server: path, bearer token,
Accept-Language, Connect-Timeout-Ms, a timeout, a proxy's 502.

Run with Debian's Python, which has python3-protobuf:

    /usr/bin/python3 clients/python/test_client.py

ZEREN_EMBED_BIN names a prebuilt server binary (scripts/test-clients builds
.bin/embed once); without it the server is started with `go run`.
"""

import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "gen"))

from google.protobuf import timestamp_pb2  # noqa: E402

from zeren.v1 import service_pb2, structure_pb2  # noqa: E402
from zeren.v1.service_connect import (  # noqa: E402
    AssessmentServiceClient,
    ConnectError,
    HierarchyServiceClient,
    Transport,
)

ADMIN = "dev-gongwei"  # the 机关工委: sees everything
CZJ = "dev-czj"  # 市财政局: only the subtree under its 党组 "czj-pg"


def at(rfc3339):
    ts = timestamp_pb2.Timestamp()
    ts.FromJsonString(rfc3339)
    return ts


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerTest(unittest.TestCase):
    server = None
    base_url = ""

    @classmethod
    def setUpClass(cls):
        addr = f"127.0.0.1:{free_port()}"
        binary = os.environ.get("ZEREN_EMBED_BIN")
        cmd = [binary, "-addr", addr] if binary else ["go", "run", "./examples/embed", "-addr", addr]
        # A session of its own, so that `go run`'s child is stopped with it.
        cls.server = subprocess.Popen(cmd, cwd=REPO, start_new_session=True)
        deadline = time.monotonic() + 180
        while True:
            if cls.server.poll() is not None:
                raise RuntimeError(f"zeren server exited with {cls.server.returncode}")
            try:
                with urllib.request.urlopen(f"http://{addr}/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                cls.tearDownClass()
                raise RuntimeError(f"zeren server did not answer http://{addr}/healthz")
            time.sleep(0.1)
        cls.base_url = f"http://{addr}/zeren"

    @classmethod
    def tearDownClass(cls):
        if cls.server and cls.server.poll() is None:
            os.killpg(cls.server.pid, signal.SIGTERM)
            cls.server.wait(timeout=30)

    def test_get_chain_across_the_rotation_in_both_codecs(self):
        for codec in ("proto", "json"):
            with self.subTest(codec=codec):
                hierarchy = HierarchyServiceClient(self.base_url, token=ADMIN, timeout=30, codec=codec)
                chain = hierarchy.get_chain(service_pb2.GetChainRequest(
                    organization_id="czj-b1", at=at("2026-06-30T00:00:00+08:00")))
                self.assertEqual([link.organization_id for link in chain.links], ["czj-b1", "czj-oc", "czj-pg"])
                top = chain.links[-1]
                self.assertEqual(top.holders[0].person_id, "p-czj-01")
                self.assertEqual(top.holders[0].person_name, "周启明")

                chain = hierarchy.get_chain(service_pb2.GetChainRequest(
                    organization_id="czj-b1", at=at("2026-07-01T00:00:00+08:00")))
                self.assertEqual(chain.links[-1].holders[0].person_id, "p-czj-02")
                self.assertEqual(chain.links[-1].holders[0].person_name, "叶思远")

    def test_get_chain_outside_the_subtree_is_not_found(self):
        hierarchy = HierarchyServiceClient(self.base_url, token=ADMIN)
        with self.assertRaises(ConnectError) as cm:
            # A per-call token: the OA calls on behalf of 市财政局.
            hierarchy.get_chain(service_pb2.GetChainRequest(organization_id="fgw-b1"), token=CZJ)
        # Outside the caller's subtree answers exactly like a missing record.
        self.assertEqual(cm.exception.code, "not_found")
        self.assertEqual(cm.exception.http_status, 404)
        self.assertIn("fgw-b1", cm.exception.message)

    def test_check_rule_reports_position_and_chinese(self):
        res = AssessmentServiceClient(Transport(self.base_url, token=CZJ)).check_rule(service_pb2.CheckRuleRequest(
            source='facts.metrics["x"] +', kind=service_pb2.RULE_KIND_NUMBER))
        self.assertGreater(len(res.issues), 0)
        self.assertEqual(res.issues[0].line, 1)
        self.assertGreater(res.issues[0].column, 0)
        self.assertRegex(res.issues[0].message_zh, "[\u4e00-\u9fff]")

    def test_put_structure_refused_with_validation_problems(self):
        # A dangling parent and a level the framework does not have: refused, nothing stored.
        broken = service_pb2.PutStructureRequest(structure=structure_pb2.Structure(
            framework_id="sanji-wugang",
            organizations=[
                structure_pb2.Organization(id="org-x", name="X 支部", parent_id="nope"),
                structure_pb2.Organization(id="org-y", name="Y 支部", level_id="zz"),
            ]))
        for codec in ("proto", "json"):
            with self.subTest(codec=codec):
                with self.assertRaises(ConnectError) as cm:
                    HierarchyServiceClient(self.base_url, token=ADMIN, codec=codec).put_structure(broken)
                e = cm.exception
                self.assertEqual(e.code, "invalid_argument")
                self.assertEqual(e.http_status, 400)
                problems = e.details_of(service_pb2.ValidationProblem)
                self.assertEqual(len(problems), len(e.details))
                got = {(p.record, p.id, p.field) for p in problems}
                self.assertIn(("organization", "org-x", "parent_id"), got)
                self.assertIn(("organization", "org-y", "level_id"), got)
                self.assertIn("Y 支部", {p.name for p in problems if p.id == "org-y"})
                # message() decodes the detail without the caller naming its class.
                self.assertEqual(e.details[0].type, "zeren.v1.ValidationProblem")
                self.assertIsInstance(e.details[0].message(), service_pb2.ValidationProblem)

    def test_readme_example(self):
        out = subprocess.run(
            [sys.executable, os.path.join(HERE, "example_get_chain.py")],
            env={**os.environ, "ZEREN_URL": self.base_url},
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout
        self.assertIn("中共示例市财政局党组 周启明", out)


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A stand-in server: records each request; GetChain echoes, GetCoverage is slow, else 502."""

    seen = {}

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        _Recorder.seen = {"path": self.path, "body": body, **{k.lower(): v for k, v in self.headers.items()}}
        if self.path.endswith("/GetChain"):
            req = service_pb2.GetChainRequest.FromString(body)
            out = service_pb2.GetChainResponse(links=[{"organization_id": req.organization_id}]).SerializeToString()
            self.send_response(200)
            self.send_header("Content-Type", "application/proto")
        elif self.path.endswith("/GetCoverage"):
            time.sleep(1.5)
            out = b""
            self.send_response(200)
            self.send_header("Content-Type", "application/proto")
        else:
            out = b"Bad Gateway"
            self.send_response(502)
            self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        try:
            self.wfile.write(out)
        except OSError:
            pass  # the client gave up (the timeout test)

    def log_message(self, *args):
        pass


class WireTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
        cls.thread = threading.Thread(target=cls.httpd.serve_forever, daemon=True)
        cls.thread.start()
        port = cls.httpd.server_address[1]
        cls.client = HierarchyServiceClient(f"http://127.0.0.1:{port}/oa/zeren/", token="t-transport",
                                            accept_language="en", timeout=20, headers={"X-OA-User": "u1"})

    @classmethod
    def tearDownClass(cls):
        cls.httpd.shutdown()
        cls.httpd.server_close()

    def test_a_call_carries_path_token_language_and_timeout(self):
        res = self.client.get_chain(service_pb2.GetChainRequest(organization_id="czj-b1"),
                                    accept_language="zh-CN,zh;q=0.9", timeout=5)
        seen = _Recorder.seen
        self.assertEqual(seen["path"], "/oa/zeren/zeren.v1.HierarchyService/GetChain")
        self.assertEqual(seen["content-type"], "application/proto")
        self.assertEqual(seen["connect-protocol-version"], "1")
        self.assertEqual(seen["authorization"], "Bearer t-transport")
        self.assertEqual(seen["x-oa-user"], "u1")
        self.assertEqual(seen["accept-language"], "zh-CN,zh;q=0.9")
        self.assertEqual(seen["connect-timeout-ms"], "5000")
        self.assertEqual(res.links[0].organization_id, "czj-b1")

    def test_the_transports_language_applies_without_a_call_override(self):
        self.client.get_chain(service_pb2.GetChainRequest(organization_id="a"))
        self.assertEqual(_Recorder.seen["accept-language"], "en")
        self.assertEqual(_Recorder.seen["connect-timeout-ms"], "20000")

    def test_a_call_slower_than_its_timeout_is_deadline_exceeded(self):
        with self.assertRaises(ConnectError) as cm:
            self.client.get_coverage(service_pb2.GetCoverageRequest(), timeout=0.3)
        self.assertEqual(cm.exception.code, "deadline_exceeded")
        self.assertEqual(cm.exception.http_status, 0)

    def test_a_proxys_502_is_unavailable(self):
        with self.assertRaises(ConnectError) as cm:
            self.client.list_holders(service_pb2.ListHoldersRequest())
        self.assertEqual(cm.exception.code, "unavailable")
        self.assertEqual(cm.exception.http_status, 502)
        self.assertIn("Bad Gateway", cm.exception.message)

    def test_bad_settings_are_refused_at_construction(self):
        with self.assertRaisesRegex(ValueError, "127.0.0.1:8080/zeren"):
            Transport("127.0.0.1:8080/zeren")
        with self.assertRaisesRegex(ValueError, "codec"):
            Transport("http://127.0.0.1/zeren", codec="xml")
        with self.assertRaisesRegex(ValueError, "Content-Type"):
            Transport("http://127.0.0.1/zeren", headers={"Content-Type": "text/plain"})


if __name__ == "__main__":
    unittest.main(verbosity=2)
