// An error with its details, as clients/README.md shows it for TypeScript:
// PutStructure refused, one zeren.v1.ValidationProblem per problem, read
// with ConnectError.findDetails, over Connect JSON and binary.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";

import { HierarchyService, ValidationProblemSchema } from "../src/gen/zeren/v1/service_pb.js";
import { startServer, type RunningServer } from "./server.js";

let server: RunningServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

for (const useBinaryFormat of [false, true]) {
  test(`PutStructure with a dangling parent and an unknown level is refused with ValidationProblems (${useBinaryFormat ? "binary" : "JSON"})`, async () => {
    const hierarchy = createClient(
      HierarchyService,
      createConnectTransport({
        baseUrl: server.baseUrl,
        httpVersion: "1.1",
        useBinaryFormat,
        interceptors: [(next) => (req) => {
          req.header.set("Authorization", "Bearer dev-gongwei");
          return next(req);
        }],
      }),
    );
    await assert.rejects(
      hierarchy.putStructure({
        structure: {
          frameworkId: "sanji-wugang",
          organizations: [
            { id: "org-x", name: "X 支部", parentId: "nope" },
            { id: "org-y", name: "Y 支部", levelId: "zz" },
          ],
        },
      }),
      (err: unknown) => {
        const ce = ConnectError.from(err);
        assert.equal(ce.code, Code.InvalidArgument, ce.message);
        const problems = ce.findDetails(ValidationProblemSchema);
        assert.equal(problems.length, ce.details.length, "every detail is a ValidationProblem");
        const got = problems.map((p) => `${p.record} ${p.id} ${p.field}`);
        assert.ok(got.includes("organization org-x parent_id"), got.join("; "));
        assert.ok(got.includes("organization org-y level_id"), got.join("; "));
        assert.ok(problems.some((p) => p.id === "org-y" && p.name === "Y 支部"));
        return true;
      },
    );
  });
}
