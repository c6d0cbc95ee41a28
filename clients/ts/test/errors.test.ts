// An error with its details, as clients/README.md shows it for TypeScript:
// PutStructure refused, one zeren.v1.ValidationProblem per problem, read
// with ConnectError.findDetails, over Connect JSON and binary; and a
// broken indicator formula refused as a "bad_rule" at its line and column,
// Chinese by default and English with Accept-Language: en.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";

import { AssessmentService, HierarchyService, ValidationProblemSchema } from "../src/gen/zeren/v1/service_pb.js";
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

// The formula ends on line 2 after "&&": the rule ends unexpectedly at
// line 2, column 24, just after its last character.
const brokenFormula = "completion_rate(facts.assignments)\n  > 0.5 && 1 + 2 > 0 &&";

for (const lang of ["zh", "en"] as const) {
  test(`PutIndicatorSystem with a formula that does not compile answers a bad_rule at its line and column (Accept-Language ${lang === "en" ? "en" : "absent"})`, async () => {
    const assessment = createClient(
      AssessmentService,
      createConnectTransport({
        baseUrl: server.baseUrl,
        httpVersion: "1.1",
        interceptors: [(next) => (req) => {
          req.header.set("Authorization", "Bearer dev-gongwei");
          if (lang === "en") {
            req.header.set("Accept-Language", "en");
          }
          return next(req);
        }],
      }),
    );
    await assert.rejects(
      assessment.putIndicatorSystem({
        system: {
          id: "ts-broken",
          name: "公式有误的指标体系",
          indicators: [{ id: "1", name: "坏公式", maxPoints: 100, formula: brokenFormula }],
        },
      }),
      (err: unknown) => {
        const ce = ConnectError.from(err);
        assert.equal(ce.code, Code.InvalidArgument, ce.message);
        const problems = ce.findDetails(ValidationProblemSchema);
        const p = problems.find((q) => q.code === "bad_rule");
        assert.ok(p, `no bad_rule among ${problems.map((q) => `${q.code} ${q.field}`).join("; ")}`);
        assert.equal(p.record, "indicator");
        assert.equal(p.id, "1");
        assert.equal(p.name, "坏公式");
        assert.equal(p.path, "indicators[0]");
        assert.equal(p.field, "formula");
        assert.equal(p.line, 2);
        assert.equal(p.column, 24);
        assert.match(p.messageZh, /[\u4e00-\u9fff]/, "message_zh is Chinese");
        assert.match(p.messageZh, /语法错误/);
        assert.match(p.messageEn, /^Syntax error/);
        if (lang === "en") {
          assert.equal(p.message, p.messageEn, "message follows Accept-Language: en");
          assert.doesNotMatch(p.message, /[\u4e00-\u9fff]/);
          assert.match(ce.rawMessage, /formula: line 2, column 24: Syntax error/);
        } else {
          assert.equal(p.message, p.messageZh, "message is Chinese by default");
          assert.match(ce.rawMessage, /formula：第2行第24列：语法错误/);
        }
        return true;
      },
    );
  });
}
