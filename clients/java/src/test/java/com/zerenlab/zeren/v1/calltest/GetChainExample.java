package com.zerenlab.zeren.v1.calltest;

import com.google.protobuf.Timestamp;
import com.zerenlab.zeren.v1.ChainLink;
import com.zerenlab.zeren.v1.GetChainRequest;
import com.zerenlab.zeren.v1.GetChainResponse;
import com.zerenlab.zeren.v1.Holder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.stream.Collectors;

/**
 * The README's Java example: who is responsible for 市财政局机关第一支部 on 2026-06-30, with the
 * generated messages, protobuf-java and the JDK's HttpClient (binary Connect protocol, no JSON
 * library, not even protobuf-java-util). run-test.sh compiles and runs it; by hand, against a server:
 * {@code java -cp clients/java/build/classes:/usr/share/java/protobuf.jar
 * com.zerenlab.zeren.v1.calltest.GetChainExample}.
 */
public final class GetChainExample {
  public static void main(String[] args) throws Exception {
    String base = System.getenv().getOrDefault("ZEREN_URL", "http://127.0.0.1:8080/zeren");
    GetChainRequest req = GetChainRequest.newBuilder()
        .setOrganizationId("czj-b1")
        .setAt(Timestamp.newBuilder().setSeconds(OffsetDateTime.parse("2026-06-30T00:00:00+08:00").toEpochSecond()))
        .build();
    HttpResponse<byte[]> res = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + "/zeren.v1.HierarchyService/GetChain"))
            .header("Content-Type", "application/proto").header("Authorization", "Bearer dev-czj")
            .POST(HttpRequest.BodyPublishers.ofByteArray(req.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (res.statusCode() != 200) { // a Connect error: {"code":"not_found","message":"..."}
      throw new IllegalStateException(new String(res.body(), StandardCharsets.UTF_8));
    }
    for (ChainLink link : GetChainResponse.parseFrom(res.body()).getLinksList()) {
      System.out.println(link.getOrganizationName() + " "
          + link.getHoldersList().stream().map(Holder::getPersonName).collect(Collectors.joining("、")));
    }
  }
}
