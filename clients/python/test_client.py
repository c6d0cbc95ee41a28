#!/usr/bin/python3
"""A real Python call of the zeren.v1 services.

Starts the Go example server (examples/embed, the sample city 示例市 loaded)
and calls it over plain HTTP/JSON (the Connect protocol's unary JSON form:
POST <base>/zeren.v1.<Service>/<Method>) with urllib, building requests and
parsing answers with the classes generated into clients/python/gen.

Run with Debian's Python, which has python3-protobuf:

    /usr/bin/python3 clients/python/test_client.py

ZEREN_EMBED_BIN names a prebuilt server binary (scripts/test-clients builds
.bin/embed once); without it the server is started with `go run`.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "gen"))

from google.protobuf import json_format  # noqa: E402
from google.protobuf import timestamp_pb2  # noqa: E402

from zeren.v1 import service_pb2  # noqa: E402

ADMIN = "dev-gongwei"  # the 机关工委: sees everything
CZJ = "dev-czj"  # 市财政局: only the subtree under its 党组 "czj-pg"


def at(rfc3339):
    ts = timestamp_pb2.Timestamp()
    ts.FromJsonString(rfc3339)
    return ts


class ConnectError(Exception):
    """A Connect error: HTTP status, code ("permission_denied", ...) and message."""

    def __init__(self, status, code, message):
        super().__init__(f"{code}: {message} (HTTP {status})")
        self.status, self.code, self.message = status, code, message


class Zeren:
    """The smallest client: one method per call, messages in and out."""

    def __init__(self, base_url, token, timeout=30):
        self.base_url, self.token, self.timeout = base_url.rstrip("/"), token, timeout

    def call(self, service, method, request, response_type):
        body = json_format.MessageToJson(request).encode("utf-8")
        req = urllib.request.Request(
            f"{self.base_url}/zeren.v1.{service}/{method}",
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Connect-Protocol-Version": "1",
                "Authorization": f"Bearer {self.token}",
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                payload = resp.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            err = json.loads(e.read().decode("utf-8") or "{}")
            raise ConnectError(e.code, err.get("code", "unknown"), err.get("message", "")) from None
        # A newer server may add fields: ignore what this client does not know.
        return json_format.Parse(payload, response_type(), ignore_unknown_fields=True)

    def get_chain(self, request):
        return self.call("HierarchyService", "GetChain", request, service_pb2.GetChainResponse)

    def check_rule(self, request):
        return self.call("AssessmentService", "CheckRule", request, service_pb2.CheckRuleResponse)


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

    def test_get_chain_across_the_rotation(self):
        zeren = Zeren(self.base_url, ADMIN)
        chain = zeren.get_chain(service_pb2.GetChainRequest(
            organization_id="czj-b1", at=at("2026-06-30T00:00:00+08:00")))
        self.assertEqual([link.organization_id for link in chain.links], ["czj-b1", "czj-oc", "czj-pg"])
        top = chain.links[-1]
        self.assertEqual(top.holders[0].person_id, "p-czj-01")
        self.assertEqual(top.holders[0].person_name, "周启明")

        chain = zeren.get_chain(service_pb2.GetChainRequest(
            organization_id="czj-b1", at=at("2026-07-01T00:00:00+08:00")))
        self.assertEqual(chain.links[-1].holders[0].person_id, "p-czj-02")
        self.assertEqual(chain.links[-1].holders[0].person_name, "叶思远")

    def test_get_chain_outside_the_subtree_is_not_found(self):
        # Another unit's organisation answers exactly like a missing one.
        with self.assertRaises(ConnectError) as cm:
            Zeren(self.base_url, CZJ).get_chain(service_pb2.GetChainRequest(organization_id="fgw-b1"))
        self.assertEqual(cm.exception.code, "not_found")
        self.assertEqual(cm.exception.status, 404)

    def test_check_rule_reports_position_and_chinese(self):
        res = Zeren(self.base_url, CZJ).check_rule(service_pb2.CheckRuleRequest(
            source='facts.metrics["x"] +', kind=service_pb2.RULE_KIND_NUMBER))
        self.assertGreater(len(res.issues), 0)
        self.assertEqual(res.issues[0].line, 1)
        self.assertGreater(res.issues[0].column, 0)
        self.assertRegex(res.issues[0].message_zh, "[\u4e00-\u9fff]")

    def test_readme_example(self):
        out = subprocess.run(
            [sys.executable, os.path.join(HERE, "example_get_chain.py")],
            env={**os.environ, "ZEREN_URL": self.base_url},
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout
        self.assertIn("中共示例市财政局党组 周启明", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
