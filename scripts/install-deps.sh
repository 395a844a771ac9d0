#!/usr/bin/env bash
# Installs the Debian 12 packages credtrace builds and tests with, if any is missing.
# Only Debian packages (apt-get); nothing is downloaded from anywhere else.
set -euo pipefail
pkgs=(
  build-essential cmake ninja-build pkg-config
  libsimdjson-dev   # record parsing (on-demand JSON, GB/s)
  libisal-dev isal  # gzip inflate/deflate (ISA-L igzip), and igzip for the benchmark floor
  libzstd-dev       # column compression in the event store
  libsqlite3-dev    # the case database (sources, segments, later checklist and custody)
  libssl-dev        # SHA-256 (OpenSSL EVP)
  libcli11-dev      # command-line parsing
  libfmt-dev        # formatting
  nlohmann-json3-dev # JSON for small documents (answer key, case metadata)
  libyaml-cpp-dev   # the CMDB file (YAML)
  libarchive-dev    # credtrace case export (tar)
  chromium fonts-dejavu-core libpng-dev  # the report test renders the HTML in headless Chromium and reads the screenshot
  libgtest-dev libgmock-dev libbenchmark-dev
  jq shellcheck
  time              # /usr/bin/time -v: peak memory in bench/run_ingest_bench.sh
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "credtrace: installing missing Debian packages: ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
