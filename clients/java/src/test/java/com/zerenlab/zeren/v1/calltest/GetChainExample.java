package com.zerenlab.zeren.v1.calltest;

import com.google.protobuf.Timestamp;
import com.zerenlab.zeren.v1.ChainLink;
import com.zerenlab.zeren.v1.ConnectException;
import com.zerenlab.zeren.v1.ConnectTransport;
import com.zerenlab.zeren.v1.GetChainRequest;
import com.zerenlab.zeren.v1.HierarchyServiceClient;
import com.zerenlab.zeren.v1.Holder;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.stream.Collectors;

/**
 * The README's Java example: who is responsible for 市财政局机关第一支部 on 2026-06-30, through the
 * generated HierarchyServiceClient over the JDK's HttpClient (binary Connect protocol): protobuf-java
 * alone, not even protobuf-java-util. run-test.sh compiles and runs it; by hand, against a server:
 * {@code java -cp clients/java/build/classes:/usr/share/java/protobuf.jar
 * com.zerenlab.zeren.v1.calltest.GetChainExample}.
 */
public final class GetChainExample {
  public static void main(String[] args) throws Exception {
    String base = System.getenv().getOrDefault("ZEREN_URL", "http://127.0.0.1:8080/zeren");
    HierarchyServiceClient hierarchy = new HierarchyServiceClient(ConnectTransport.newBuilder(base)
        .bearerToken("dev-czj").timeout(Duration.ofSeconds(10)).acceptLanguage("zh-CN").build());
    GetChainRequest req = GetChainRequest.newBuilder()
        .setOrganizationId("czj-b1")
        .setAt(Timestamp.newBuilder().setSeconds(OffsetDateTime.parse("2026-06-30T00:00:00+08:00").toEpochSecond()))
        .build();
    try {
      for (ChainLink link : hierarchy.getChain(req).getLinksList()) {
        System.out.println(link.getOrganizationName() + " "
            + link.getHoldersList().stream().map(Holder::getPersonName).collect(Collectors.joining("、")));
      }
    } catch (ConnectException e) { // e.code() == NOT_FOUND, e.details(ValidationProblem.class), ...
      System.err.println(e.code() + ": " + e.serverMessage());
      System.exit(1);
    }
  }
}
