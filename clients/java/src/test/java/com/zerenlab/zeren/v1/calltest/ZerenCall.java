package com.zerenlab.zeren.v1.calltest;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import com.sun.net.httpserver.HttpServer;
import com.zerenlab.zeren.v1.AssessmentServiceClient;
import com.zerenlab.zeren.v1.CallOptions;
import com.zerenlab.zeren.v1.ChainLink;
import com.zerenlab.zeren.v1.CheckRuleRequest;
import com.zerenlab.zeren.v1.CheckRuleResponse;
import com.zerenlab.zeren.v1.ConnectException;
import com.zerenlab.zeren.v1.ConnectTransport;
import com.zerenlab.zeren.v1.GetChainRequest;
import com.zerenlab.zeren.v1.GetChainResponse;
import com.zerenlab.zeren.v1.HierarchyServiceClient;
import com.zerenlab.zeren.v1.Organization;
import com.zerenlab.zeren.v1.PutStructureRequest;
import com.zerenlab.zeren.v1.RuleIssue;
import com.zerenlab.zeren.v1.RuleKind;
import com.zerenlab.zeren.v1.Structure;
import com.zerenlab.zeren.v1.ValidationProblem;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Java OA calling Zeren through the generated stubs ({@code HierarchyServiceClient},
 * {@code AssessmentServiceClient}) over the JDK's HttpClient: GetChain as binary protobuf and as
 * JSON, PermissionDenied outside the caller's subtree, CheckRule, and PutStructure refused with
 * its ValidationProblem details decoded. Then the wire itself against a recording stand-in
 * server: the path, the bearer token, Accept-Language, Connect-Timeout-Ms, a timeout, and an
 * error from something that is not a Connect server.
 *
 * <p>Usage: {@code java ZerenCall http://127.0.0.1:8080/zeren}. Exits non-zero when a check fails.
 */
public final class ZerenCall {
  static final String ADMIN = "dev-gongwei"; // 机关工委: sees everything
  static final String CZJ = "dev-czj"; // 市财政局: only the subtree under its 党组 "czj-pg"

  private static final List<String> failures = new ArrayList<>();
  private static int passed;

  private static void check(String what, boolean ok, Object got) {
    if (ok) {
      passed++;
      System.out.println("ok   " + what);
    } else {
      failures.add(what);
      System.out.println("FAIL " + what + ": got " + got);
    }
  }

  private static Timestamp at(String rfc3339) {
    try {
      return Timestamps.parse(rfc3339);
    } catch (ParseException e) {
      throw new IllegalArgumentException(rfc3339, e);
    }
  }

  private static String topHolder(GetChainResponse chain) {
    if (chain.getLinksCount() == 0) return "";
    ChainLink top = chain.getLinks(chain.getLinksCount() - 1);
    return top.getHoldersCount() == 0 ? "" : top.getHolders(0).getPersonId() + " " + top.getHolders(0).getPersonName();
  }

  private static boolean hasProblem(List<ValidationProblem> ps, String record, String id, String field) {
    return ps.stream().anyMatch(p -> p.getRecord().equals(record) && p.getId().equals(id) && p.getField().equals(field));
  }

  /** Calls the example server through the stubs. */
  static void againstZeren(String base) throws Exception {
    ConnectTransport binary = ConnectTransport.newBuilder(base).bearerToken(ADMIN).timeout(Duration.ofSeconds(30)).build();
    ConnectTransport json = ConnectTransport.newBuilder(base).bearerToken(ADMIN).codec(ConnectTransport.Codec.JSON).build();
    GetChainRequest before =
        GetChainRequest.newBuilder().setOrganizationId("czj-b1").setAt(at("2026-06-30T00:00:00+08:00")).build();
    GetChainRequest after = before.toBuilder().setAt(at("2026-07-01T00:00:00+08:00")).build();

    GetChainResponse chain = new HierarchyServiceClient(json).getChain(before);
    check("getChain(czj-b1, 2026-06-30) over JSON has 3 links", chain.getLinksCount() == 3, chain.getLinksCount());
    check("its top link's first holder is 周启明", topHolder(chain).equals("p-czj-01 周启明"), topHolder(chain));

    HierarchyServiceClient hierarchy = new HierarchyServiceClient(binary);
    GetChainResponse chain2 = hierarchy.getChain(after);
    check("getChain(czj-b1, 2026-07-01) over binary protobuf has 3 links", chain2.getLinksCount() == 3,
        chain2.getLinksCount());
    check("its top link's first holder is 叶思远", topHolder(chain2).equals("p-czj-02 叶思远"), topHolder(chain2));

    try {
      hierarchy.getChain(GetChainRequest.newBuilder().setOrganizationId("fgw-b1").build(),
          CallOptions.newBuilder().bearerToken(CZJ).build());
      check("getChain(fgw-b1) with 市财政局's token (a per-call token) is denied", false, "an answer");
    } catch (ConnectException e) {
      check("getChain(fgw-b1) with 市财政局's token (a per-call token) answers like a missing record: not_found, HTTP 404",
          e.code() == ConnectException.Code.NOT_FOUND && e.httpStatus() == 404
              && e.wireCode().equals("not_found") && e.serverMessage().contains("fgw-b1"),
          e.code() + " " + e.httpStatus() + " " + e.getMessage());
    }

    CheckRuleResponse rule = new AssessmentServiceClient(binary).checkRule(
        CheckRuleRequest.newBuilder().setSource("facts.metrics[\"x\"] +").setKind(RuleKind.RULE_KIND_NUMBER).build(),
        CallOptions.newBuilder().bearerToken(CZJ).build());
    RuleIssue issue = rule.getIssuesCount() > 0 ? rule.getIssues(0) : RuleIssue.getDefaultInstance();
    check("checkRule reports line 1 with a Chinese message",
        issue.getLine() == 1 && issue.getMessageZh().codePoints().anyMatch(
            c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
        issue);

    // A structure with a dangling parent and a level the framework does not have: refused, nothing
    // stored, one ValidationProblem per problem. Over both codecs: the error body is JSON either way.
    PutStructureRequest broken = PutStructureRequest.newBuilder().setStructure(Structure.newBuilder()
        .setFrameworkId("sanji-wugang")
        .addOrganizations(Organization.newBuilder().setId("org-x").setName("X 支部").setParentId("nope"))
        .addOrganizations(Organization.newBuilder().setId("org-y").setName("Y 支部").setLevelId("zz")))
        .build();
    for (ConnectTransport t : List.of(binary, json)) {
      String how = t.codec().name();
      try {
        new HierarchyServiceClient(t).putStructure(broken);
        check("putStructure(broken) over " + how + " is refused", false, "an answer");
      } catch (ConnectException e) {
        List<ValidationProblem> ps = e.details(ValidationProblem.class);
        check("putStructure(broken) over " + how + " is invalid_argument, HTTP 400, with ValidationProblem details",
            e.code() == ConnectException.Code.INVALID_ARGUMENT && e.httpStatus() == 400 && !ps.isEmpty()
                && ps.size() == e.details().size(),
            e.code() + " " + e.httpStatus() + " " + e.details());
        check("  a detail names organization org-x, field parent_id", hasProblem(ps, "organization", "org-x", "parent_id"), ps);
        check("  a detail names organization org-y (Y 支部), field level_id",
            hasProblem(ps, "organization", "org-y", "level_id")
                && ps.stream().anyMatch(p -> p.getId().equals("org-y") && p.getName().equals("Y 支部")), ps);
        check("  Detail.message() decodes the type without naming it",
            e.details().get(0).message() instanceof ValidationProblem
                && e.details().get(0).type().equals("zeren.v1.ValidationProblem"), e.details());
      }
    }
  }

  /** Checks what the stubs put on the wire, against a stand-in server that records requests. */
  static void onTheWire() throws Exception {
    Map<String, String> seen = new ConcurrentHashMap<>();
    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      seen.put("path", ex.getRequestURI().getPath());
      seen.put("method", ex.getRequestMethod());
      ex.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), String.join(",", v)));
      byte[] out;
      String path = ex.getRequestURI().getPath();
      if (path.endsWith("/GetChain")) { // echo the organisation back as the answer's first link
        GetChainRequest req = GetChainRequest.parseFrom(body);
        out = GetChainResponse.newBuilder().addLinks(ChainLink.newBuilder().setOrganizationId(req.getOrganizationId()))
            .build().toByteArray();
        ex.getResponseHeaders().set("Content-Type", "application/proto");
        ex.sendResponseHeaders(200, out.length);
      } else if (path.endsWith("/GetCoverage")) { // slower than the caller's timeout
        try {
          Thread.sleep(1500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out = new byte[0];
        ex.sendResponseHeaders(200, -1);
      } else { // a proxy in front of the server, answering for it
        out = "Bad Gateway".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(502, out.length);
      }
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    });
    fake.start();
    try {
      String base = "http://127.0.0.1:" + fake.getAddress().getPort() + "/oa/zeren/";
      HierarchyServiceClient c = new HierarchyServiceClient(ConnectTransport.newBuilder(base)
          .bearerToken("t-transport").acceptLanguage("en").timeout(Duration.ofSeconds(20)).header("X-OA-User", "u1").build());
      GetChainResponse r = c.getChain(GetChainRequest.newBuilder().setOrganizationId("czj-b1").build(),
          CallOptions.newBuilder().acceptLanguage("zh-CN,zh;q=0.9").timeout(Duration.ofSeconds(5)).build());
      check("the stub POSTs to <base>/zeren.v1.HierarchyService/GetChain",
          "POST".equals(seen.get("method")) && "/oa/zeren/zeren.v1.HierarchyService/GetChain".equals(seen.get("path")), seen);
      check("with Content-Type application/proto and Connect-Protocol-Version 1",
          "application/proto".equals(seen.get("content-type")) && "1".equals(seen.get("connect-protocol-version")), seen);
      check("with the transport's bearer token and extra header",
          "Bearer t-transport".equals(seen.get("authorization")) && "u1".equals(seen.get("x-oa-user")), seen);
      check("with the call's Accept-Language and its timeout as Connect-Timeout-Ms",
          "zh-CN,zh;q=0.9".equals(seen.get("accept-language")) && "5000".equals(seen.get("connect-timeout-ms")), seen);
      check("and decodes the answer", r.getLinks(0).getOrganizationId().equals("czj-b1"), r);

      try {
        c.getCoverage(com.zerenlab.zeren.v1.GetCoverageRequest.getDefaultInstance(),
            CallOptions.newBuilder().timeout(Duration.ofMillis(300)).build());
        check("a call slower than its timeout fails", false, "an answer");
      } catch (ConnectException e) {
        check("a call slower than its timeout fails with deadline_exceeded", e.code() == ConnectException.Code.DEADLINE_EXCEEDED
            && e.httpStatus() == 0, e.code() + " " + e.getMessage());
      }
      try {
        c.listHolders(com.zerenlab.zeren.v1.ListHoldersRequest.getDefaultInstance());
        check("a proxy's 502 fails", false, "an answer");
      } catch (ConnectException e) {
        check("a proxy's plain-text 502 is unavailable, keeping the status and the text",
            e.code() == ConnectException.Code.UNAVAILABLE && e.httpStatus() == 502 && e.getMessage().contains("Bad Gateway"),
            e.code() + " " + e.getMessage());
      }
    } finally {
      fake.stop(0);
    }
    try {
      ConnectTransport.newBuilder("127.0.0.1:8080/zeren");
      check("a base URL without a scheme is refused at construction", false, "a builder");
    } catch (IllegalArgumentException e) {
      check("a base URL without a scheme is refused at construction", e.getMessage().contains("127.0.0.1:8080/zeren"), e);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ZerenCall <base url, e.g. http://127.0.0.1:8080/zeren>");
      System.exit(2);
    }
    againstZeren(args[0]);
    onTheWire();
    System.out.println("java: " + passed + " passed, " + failures.size() + " failed");
    System.exit(failures.isEmpty() ? 0 : 1);
  }
}
