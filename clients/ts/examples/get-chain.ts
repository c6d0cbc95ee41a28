// The README's TypeScript example: who is responsible for 市财政局机关第一支部
// on 2026-06-30, through the generated Connect-ES client. Type-checked by
// `npm test`; run it against a server with
//   go run ./examples/embed &   npx tsc -p . && node dist/examples/get-chain.js
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node"; // browsers: @connectrpc/connect-web
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { HierarchyService } from "../src/gen/zeren/v1/service_pb.js";

const transport = createConnectTransport({
  baseUrl: process.env.ZEREN_URL ?? "http://127.0.0.1:8080/zeren",
  httpVersion: "1.1",
  interceptors: [(next) => (req) => { req.header.set("Authorization", "Bearer dev-czj"); return next(req); }],
});
const hierarchy = createClient(HierarchyService, transport);
const { links } = await hierarchy.getChain({
  organizationId: "czj-b1",
  at: timestampFromDate(new Date("2026-06-30T00:00:00+08:00")),
});
for (const link of links) console.log(link.organizationName, link.holders.map((h) => h.personName).join("、"));
