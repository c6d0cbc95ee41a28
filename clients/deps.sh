# Sourced by scripts/gen-clients and scripts/test-clients: installs, only
# when missing, the Debian packages the other-language clients need. PyPI and
# Maven Central are not needed: Debian packages the protobuf runtimes.
#   protobuf-compiler   protoc 3.21, which buf runs for the Java and Python
#                       built-in generators
#   python3-protobuf    the Python runtime, for /usr/bin/python3
#   libprotobuf-java    protobuf.jar and protobuf-util.jar (JsonFormat)
#   libgoogle-gson-java gson.jar and libguava-java guava.jar: what JsonFormat
#                       needs at run time
#   openjdk-17-jdk-headless  javac and the JDK modules the Java test uses
#                       (java.net.http, jdk.httpserver for its stand-in server)
# The Java stubs need protobuf.jar alone (binary codec); protobuf-util.jar,
# gson.jar and guava.jar only for their JSON codec.
# shellcheck shell=bash

zeren_apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root (or sudo) to apt-get install ${missing[*]}" >&2; return 1; }
    sudo=(sudo)
  fi
  echo "installing ${missing[*]} (Debian packages)"
  # A fresh machine may have no package lists yet; update once, then install.
  if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
    "${sudo[@]}" apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# protoc must be 3.21 (Debian 12): the Java and Python code it generates is
# committed, so another protoc would show up as drift, and it must accept
# only proto3 (editions are rejected; see DESIGN.md).
zeren_check_protoc() {
  local v
  v=$(protoc --version 2>/dev/null | awk '{print $2}')
  case "$v" in
    3.21.*) ;;
    *) echo "protoc ${v:-not found}: the committed Java and Python clients were generated with protoc 3.21 (Debian's protobuf-compiler)" >&2
       [ -n "${ZEREN_ANY_PROTOC:-}" ] || return 1 ;;
  esac
}

# npm ci in clients/ts, skipped when node_modules was installed from this
# very package-lock.json (npm ci always deletes and reinstalls).
zeren_npm_ci() {
  local dir=clients/ts stamp sum
  stamp=$dir/node_modules/.zeren-lock.sha256
  sum=$(cat $dir/package.json $dir/package-lock.json | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  (cd $dir && npm ci --no-audit --no-fund --loglevel=error)
  echo "$sum" >"$stamp"
}
