// A real client test: the generated TypeScript client (Connect-ES v2) calls
// the Go server over the Connect protocol (JSON) and over gRPC-Web (binary)
// and checks known answers from the sample city 示例市, which the server
// loads at start-up. Run with `npm test` (compiles with tsc, then
// `node --test dist/test/`); scripts/test-clients runs it in CI.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { fromJson } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";

import {
  AssessmentService,
  HierarchyService,
  RuleKind,
  RunAssessmentRequestSchema,
} from "../src/gen/zeren/v1/service_pb.js";
import { LiabilityKind } from "../src/gen/zeren/v1/responsibility_pb.js";
import { PeopleService } from "../src/gen/zeren/v1/people_service_pb.js";
import { PeriodKind } from "../src/gen/zeren/v1/common_pb.js";
import { startServer, type RunningServer } from "./server.js";

// Tokens of examples/embed: the 机关工委 sees everything; 市财政局's token
// sees only the subtree under its 党组 "czj-pg".
const ADMIN = "dev-gongwei";
const CZJ = "dev-czj";

// 示例市's 2026 assessment request — the sample facts of the eleven units and
// their 述职评议 ballots — generated from the Go sample data and kept current
// by `go test ./server -run TestClientFixture` (dist/test/ → clients/testdata/).
const runRequest = fromJson(
  RunAssessmentRequestSchema,
  JSON.parse(readFileSync(new URL("../../../testdata/run-assessment-2026.json", import.meta.url), "utf8")),
);

// The known 2026 ranking (package assessment's example): rank, unit, grade.
// Grade first: 市交通运输局 (jtj), 差 by a veto, ranks below every better
// grade whatever its points.
const ranking2026 = [
  "1 sws good",
  "2 czj good",
  "3 sjj good",
  "4 mzj fairly-good",
  "5 zrzyj fairly-good",
  "6 fgw fairly-good",
  "7 jyj fairly-good",
  "8 wjw fairly-good",
  "9 rsj average",
  "10 jtj poor",
  "11 zjj poor",
];

// The 党组书记 of 市财政局 changes at 2026-07-01 00:00 (UTC+8).
const beforeRotation = timestampFromDate(new Date("2026-06-30T00:00:00+08:00"));
const atRotation = timestampFromDate(new Date("2026-07-01T00:00:00+08:00"));

function bearer(token: string): Interceptor {
  return (next) => (req) => {
    req.header.set("Authorization", `Bearer ${token}`);
    return next(req);
  };
}

type MakeTransport = (baseUrl: string, token: string) => Transport;

const transports: Record<string, MakeTransport> = {
  "Connect protocol (JSON)": (baseUrl, token) =>
    createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: false, interceptors: [bearer(token)] }),
  "gRPC-Web (binary)": (baseUrl, token) =>
    createGrpcWebTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: true, interceptors: [bearer(token)] }),
};

let server: RunningServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

for (const [name, makeTransport] of Object.entries(transports)) {
  describe(name, () => {
    const hierarchy = (token: string) => createClient(HierarchyService, makeTransport(server.baseUrl, token));
    const assessment = (token: string) => createClient(AssessmentService, makeTransport(server.baseUrl, token));

    test("GetChain climbs from 机关第一支部 to the 党组 with the holder of the day", async () => {
      const res = await hierarchy(ADMIN).getChain({ organizationId: "czj-b1", at: beforeRotation });
      assert.deepEqual(
        res.links.map((l) => l.organizationId),
        ["czj-b1", "czj-oc", "czj-pg"],
        "the organisation first, the top last",
      );
      const top = res.links[res.links.length - 1];
      assert.equal(top.holders[0]?.personId, "p-czj-01");
      assert.equal(top.holders[0]?.personName, "周启明");

      const after = await hierarchy(ADMIN).getChain({ organizationId: "czj-b1", at: atRotation });
      assert.equal(after.links.length, 3);
      const newTop = after.links[after.links.length - 1];
      assert.equal(newTop.holders[0]?.personId, "p-czj-02");
      assert.equal(newTop.holders[0]?.personName, "叶思远");
    });

    test("GetLiability inside the caller's subtree names the 党组书记 of that date", async () => {
      const res = await hierarchy(CZJ).getLiability({ organizationId: "czj-b1", at: beforeRotation });
      assert.equal(res.report?.organizationId, "czj-b1");
      const principal = res.report?.liabilities.find(
        (l) => l.kind === LiabilityKind.PRINCIPAL && l.organizationId === "czj-pg",
      );
      assert.equal(principal?.personId, "p-czj-01", JSON.stringify(res.report?.liabilities));
    });

    test("GetPersonOutcome reads both holders of the rotated post, each with the days held", async () => {
      const people = (token: string) => createClient(PeopleService, makeTransport(server.baseUrl, token));
      const period = { kind: PeriodKind.YEAR, year: 2026 };
      const old = await people(CZJ).getPersonOutcome({ personId: "p-czj-01", period });
      assert.equal(old.outcome?.personName, "周启明");
      assert.equal(old.outcome?.posts.length, 1);
      assert.equal(old.outcome?.posts[0]?.postId, "czj-pg-sec");
      assert.equal(old.outcome?.posts[0]?.days, 181);
      assert.equal(old.outcome?.posts[0]?.atPeriodEnd, false);
      const cur = await people(ADMIN).getPersonOutcome({ personId: "p-czj-02", period });
      assert.equal(cur.outcome?.posts[0]?.days, 184);
      assert.equal(cur.outcome?.posts[0]?.atPeriodEnd, true);
      await assert.rejects(people(CZJ).getPersonOutcome({ personId: "p-zjj-01", period }), (err: unknown) => {
        assert.equal(ConnectError.from(err).code, Code.NotFound);
        return true;
      });
    });

    test("GetChain outside the caller's subtree answers like a missing organisation", async () => {
      await assert.rejects(
        hierarchy(CZJ).getChain({ organizationId: "fgw-b1", at: beforeRotation }),
        (err: unknown) => {
          const ce = ConnectError.from(err);
          assert.equal(ce.code, Code.NotFound, ce.message);
          assert.match(ce.rawMessage, /fgw-b1/);
          return true;
        },
      );
    });

    test("CheckRule reports a syntax error with its position and a Chinese message", async () => {
      const res = await assessment(CZJ).checkRule({ source: 'facts.metrics["x"] +', kind: RuleKind.NUMBER });
      assert.ok(res.issues.length > 0, "expected at least one issue");
      const issue = res.issues[0];
      assert.equal(issue.line, 1);
      assert.ok(issue.column > 0);
      assert.match(issue.messageZh, /\p{Script=Han}/u, `not Chinese: ${issue.messageZh}`);
    });

    // The server is seeded with the 2026 plan, indicator system and
    // triggers (examples/embed): the client only sends the facts.
    test("RunAssessment: run the year's assessment and check a known ranking", async () => {
      const run = await assessment(ADMIN).runAssessment(runRequest);
      assert.equal(run.runId, "sz-2026/2026");
      assert.equal(run.units, 11, "every unit but the 工委");
      assert.ok(run.generation >= 1);

      const ranked: string[] = [];
      let pageToken = "";
      do {
        const page = await assessment(ADMIN).listResults({ runId: run.runId, pageSize: 4, pageToken });
        ranked.push(...page.results.map((r) => `${r.rank} ${r.unitId} ${r.gradeId}`));
        pageToken = page.nextPageToken;
      } while (pageToken !== "");
      assert.deepEqual(ranked, ranking2026);

      const top = (await assessment(ADMIN).listResults({ runId: run.runId, pageSize: 1 })).results[0];
      assert.equal(top?.score, "99.74");
      assert.ok((top?.indicators.length ?? 0) > 0, "results carry their derivation");

      const mine = await assessment(CZJ).listResults({ runId: run.runId });
      assert.deepEqual(
        mine.results.map((r) => `${r.rank} ${r.unitId} ${r.gradeId}`),
        ["2 czj good"],
        "a branch sees its own unit",
      );

      const proposals = await assessment(ADMIN).listProposals({ pageSize: 100 });
      assert.ok(
        proposals.proposals.some((p) => p.id === "A1/zjj/2026/p-zjj-01"),
        "the last in the ranking: 约谈 of its 党组书记",
      );
    });

    test("RunAssessment by a branch token is PermissionDenied", async () => {
      await assert.rejects(assessment(CZJ).runAssessment(runRequest), (err: unknown) => {
        const ce = ConnectError.from(err);
        assert.equal(ce.code, Code.PermissionDenied, ce.message);
        return true;
      });
    });
  });
}

test("the README example (examples/get-chain.ts) prints the chain", async () => {
  const example = fileURLToPath(new URL("../examples/get-chain.js", import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [example], {
    env: { ...process.env, ZEREN_URL: server.baseUrl },
  });
  assert.match(stdout, /中共示例市财政局党组 周启明/);
});
