#!/usr/bin/python3
"""The README's Python example: who is responsible for 市财政局机关第一支部 on
2026-06-30, over plain HTTP/JSON with the generated messages. Run it with
Debian's Python (python3-protobuf) against a server:
    go run ./examples/embed &   /usr/bin/python3 clients/python/example_get_chain.py
"""
import os
import sys
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))
from google.protobuf import json_format  # noqa: E402
from zeren.v1 import service_pb2  # noqa: E402

base = os.environ.get("ZEREN_URL", "http://127.0.0.1:8080/zeren")
req = service_pb2.GetChainRequest(organization_id="czj-b1")
req.at.FromJsonString("2026-06-30T00:00:00+08:00")
http_req = urllib.request.Request(
    base + "/zeren.v1.HierarchyService/GetChain", data=json_format.MessageToJson(req).encode(),
    headers={"Content-Type": "application/json", "Authorization": "Bearer dev-czj"})
with urllib.request.urlopen(http_req) as resp:  # errors: HTTPError, body {"code": ..., "message": ...}
    chain = json_format.Parse(resp.read(), service_pb2.GetChainResponse(), ignore_unknown_fields=True)
for link in chain.links:
    print(link.organization_name, "、".join(h.person_name for h in link.holders))
