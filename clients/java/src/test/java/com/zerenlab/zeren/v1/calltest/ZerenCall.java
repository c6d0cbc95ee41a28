package com.zerenlab.zeren.v1.calltest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import com.zerenlab.zeren.v1.ChainLink;
import com.zerenlab.zeren.v1.CheckRuleRequest;
import com.zerenlab.zeren.v1.CheckRuleResponse;
import com.zerenlab.zeren.v1.GetChainRequest;
import com.zerenlab.zeren.v1.GetChainResponse;
import com.zerenlab.zeren.v1.RuleIssue;
import com.zerenlab.zeren.v1.RuleKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java OA calling Zeren with nothing but the generated messages, protobuf-java and the JDK's
 * HttpClient: Connect's unary protocol is a plain POST to {@code <base>/zeren.v1.<Service>/<Method>},
 * with a JSON body (application/json, via JsonFormat from protobuf-java-util) or a binary one
 * (application/proto, protobuf-java alone). Errors come back as a non-200 status with a JSON body
 * {@code {"code": "not_found", "message": "..."}}.
 *
 * <p>Usage: {@code java ZerenCall http://127.0.0.1:8080/zeren}. Exits non-zero when a check fails.
 */
public final class ZerenCall {
  static final String ADMIN = "dev-gongwei"; // 机关工委: sees everything
  static final String CZJ = "dev-czj"; // 市财政局: only the subtree under its 党组 "czj-pg"

  /** A non-200 answer: HTTP status and the body (a Connect error in JSON). */
  static final class CallException extends IOException {
    final int status;

    CallException(int status, String body) {
      super("HTTP " + status + ": " + body);
      this.status = status;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;

  ZerenCall(String baseUrl) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
  }

  private HttpRequest.Builder post(String service, String method, String token) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/zeren.v1." + service + "/" + method))
        .timeout(Duration.ofSeconds(30))
        .header("Connect-Protocol-Version", "1")
        .header("Authorization", "Bearer " + token);
  }

  /** Calls a method with JSON bodies. */
  <T extends Message.Builder> T callJson(String service, String method, String token, Message request, T response)
      throws IOException, InterruptedException {
    HttpRequest req = post(service, method, token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JsonFormat.printer().print(request), StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (res.statusCode() != 200) {
      throw new CallException(res.statusCode(), res.body());
    }
    // A newer server may add fields: ignore what this client does not know.
    JsonFormat.parser().ignoringUnknownFields().merge(res.body(), response);
    return response;
  }

  /** Calls GetChain with binary protobuf bodies: protobuf-java alone, no JSON library. */
  GetChainResponse getChainBinary(String token, GetChainRequest request) throws IOException, InterruptedException {
    HttpRequest req = post("HierarchyService", "GetChain", token)
        .header("Content-Type", "application/proto")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()))
        .build();
    HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (res.statusCode() != 200) {
      throw new CallException(res.statusCode(), new String(res.body(), StandardCharsets.UTF_8));
    }
    return GetChainResponse.parseFrom(res.body());
  }

  GetChainResponse getChain(String token, GetChainRequest request) throws IOException, InterruptedException {
    return callJson("HierarchyService", "GetChain", token, request, GetChainResponse.newBuilder()).build();
  }

  CheckRuleResponse checkRule(String token, CheckRuleRequest request) throws IOException, InterruptedException {
    return callJson("AssessmentService", "CheckRule", token, request, CheckRuleResponse.newBuilder()).build();
  }

  // --- the checks ---

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

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ZerenCall <base url, e.g. http://127.0.0.1:8080/zeren>");
      System.exit(2);
    }
    ZerenCall zeren = new ZerenCall(args[0]);
    GetChainRequest before =
        GetChainRequest.newBuilder().setOrganizationId("czj-b1").setAt(at("2026-06-30T00:00:00+08:00")).build();
    GetChainRequest after = before.toBuilder().setAt(at("2026-07-01T00:00:00+08:00")).build();

    GetChainResponse chain = zeren.getChain(ADMIN, before);
    check("GetChain(czj-b1, 2026-06-30) over JSON has 3 links", chain.getLinksCount() == 3, chain.getLinksCount());
    check("its top link's first holder is 周启明", topHolder(chain).equals("p-czj-01 周启明"), topHolder(chain));

    GetChainResponse chain2 = zeren.getChainBinary(ADMIN, after);
    check("GetChain(czj-b1, 2026-07-01) over binary protobuf has 3 links", chain2.getLinksCount() == 3,
        chain2.getLinksCount());
    check("its top link's first holder is 叶思远", topHolder(chain2).equals("p-czj-02 叶思远"), topHolder(chain2));

    try {
      zeren.getChain(CZJ, GetChainRequest.newBuilder().setOrganizationId("fgw-b1").build());
      check("GetChain(fgw-b1) with 市财政局's token is denied", false, "an answer");
    } catch (CallException e) {
      check("GetChain(fgw-b1) with 市财政局's token answers like a missing organisation (404 not_found)",
          e.status == 404 && e.getMessage().contains("\"not_found\""), e.getMessage());
    }

    CheckRuleResponse rule = zeren.checkRule(CZJ,
        CheckRuleRequest.newBuilder().setSource("facts.metrics[\"x\"] +").setKind(RuleKind.RULE_KIND_NUMBER).build());
    RuleIssue issue = rule.getIssuesCount() > 0 ? rule.getIssues(0) : RuleIssue.getDefaultInstance();
    check("CheckRule reports line 1 with a Chinese message",
        issue.getLine() == 1 && issue.getMessageZh().codePoints().anyMatch(
            c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
        issue);

    System.out.println("java: " + passed + " passed, " + failures.size() + " failed");
    System.exit(failures.isEmpty() ? 0 : 1);
  }
}
