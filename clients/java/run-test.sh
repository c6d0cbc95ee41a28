#!/usr/bin/env bash
# Compiles the generated Java messages and service stubs with Debian's
# protobuf-java 3.21 (the version pom.xml names; offline, no Maven) and runs
# ZerenCall (src/test/java) against the Go example server with the sample
# city 示例市, through the stubs: GetChain over JSON and binary protobuf,
# PermissionDenied outside the caller's subtree, CheckRule, PutStructure
# refused with its ValidationProblem details; then the wire itself (path,
# token, Accept-Language, Connect-Timeout-Ms, a timeout, a proxy's 502)
# against a stand-in server.
#
#   clients/java/run-test.sh                 # starts the server with go run
#   ZEREN_EMBED_BIN=.bin/embed clients/java/run-test.sh
#   ZEREN_BASE_URL=http://127.0.0.1:8080/zeren clients/java/run-test.sh   # a running server
#
# Needs libprotobuf-java (protobuf.jar, protobuf-util.jar), and
# libgoogle-gson-java and libguava-java for JsonFormat; installs them when
# missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
# shellcheck source=clients/deps.sh
. clients/deps.sh
zeren_apt_install openjdk-17-jdk-headless libprotobuf-java libgoogle-gson-java libguava-java curl

J=/usr/share/java
# pom.xml must name the protobuf-java the generated code is compiled and
# tested with here (Debian's, the runtime of protoc 3.21).
jar_version=$(basename "$(readlink -f "$J/protobuf.jar")" .jar)
jar_version=${jar_version#protobuf-}
pom_version=$(sed -n 's:.*<protobuf.version>\(.*\)</protobuf.version>.*:\1:p' "$here/pom.xml")
if [ "$jar_version" != "$pom_version" ]; then
  echo "pom.xml names protobuf-java $pom_version, but the client is tested with $jar_version ($J/protobuf.jar)" >&2
  exit 1
fi
echo "pom.xml's protobuf-java $pom_version is the one tested here"
cp="$J/protobuf.jar:$J/protobuf-util.jar:$J/gson.jar:$J/guava.jar"
build="$here/build"
rm -rf "$build" && mkdir -p "$build"
# -J-XX:+UseSerialGC -J-Xshare:auto: javac on 2 cores spends less on GC threads.
find "$here/src/main/java" "$here/src/test/java" -name '*.java' >"$build/sources.txt"
javac -J-XX:+UseSerialGC -encoding UTF-8 --release 17 -nowarn -cp "$cp" -d "$build/classes" @"$build/sources.txt"

server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

base="${ZEREN_BASE_URL:-}"
if [ -z "$base" ]; then
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  addr="127.0.0.1:$port"
  if [ -n "${ZEREN_EMBED_BIN:-}" ]; then
    setsid "$ZEREN_EMBED_BIN" -addr "$addr" &
  else
    setsid go run ./examples/embed -addr "$addr" &
  fi
  server_pid=$!
  for _ in $(seq 1 1800); do
    curl -fsS "http://$addr/healthz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { echo "zeren server exited before answering /healthz" >&2; exit 1; }
    sleep 0.1
  done
  curl -fsS "http://$addr/healthz" >/dev/null || { echo "zeren server did not answer /healthz" >&2; exit 1; }
  base="http://$addr/zeren"
fi

java -XX:+UseSerialGC -cp "$build/classes:$cp" com.zerenlab.zeren.v1.calltest.ZerenCall "$base"

# The README's example, with protobuf.jar alone on the class path.
out=$(ZEREN_URL="$base" java -XX:+UseSerialGC -cp "$build/classes:$J/protobuf.jar" \
  com.zerenlab.zeren.v1.calltest.GetChainExample)
echo "$out"
if grep -q "中共示例市财政局党组 周启明" <<<"$out"; then
  echo "ok   README example (GetChainExample) names 周启明 at the 党组"
else
  echo "FAIL README example (GetChainExample) did not name 周启明 at the 党组"; exit 1
fi
