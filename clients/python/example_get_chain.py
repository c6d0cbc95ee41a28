#!/usr/bin/python3
"""The README's Python example: who is responsible for 市财政局机关第一支部 on
2026-06-30, through the generated HierarchyServiceClient (Connect over
urllib, binary protobuf). Run it with Debian's Python (python3-protobuf)
against a server:
    go run ./examples/embed &   /usr/bin/python3 clients/python/example_get_chain.py
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))
from zeren.v1 import service_pb2  # noqa: E402
from zeren.v1.service_connect import ConnectError, HierarchyServiceClient  # noqa: E402

hierarchy = HierarchyServiceClient(os.environ.get("ZEREN_URL", "http://127.0.0.1:8080/zeren"),
                                   token="dev-czj", timeout=10, accept_language="zh-CN")
req = service_pb2.GetChainRequest(organization_id="czj-b1")
req.at.FromJsonString("2026-06-30T00:00:00+08:00")
try:
    chain = hierarchy.get_chain(req)
except ConnectError as e:  # e.code == "not_found", e.details_of(service_pb2.ValidationProblem), ...
    sys.exit(f"{e.code}: {e.message}")
for link in chain.links:
    print(link.organization_name, "、".join(h.person_name for h in link.holders))
