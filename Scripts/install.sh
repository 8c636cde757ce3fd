#!/usr/bin/env bash
# Installs deployrole as one self-contained executable: a release build with the Swift standard library
# linked in (the AWS data is compiled into the binary), copied to $PREFIX/bin (default /usr/local).
#   PREFIX=$HOME/.local Scripts/install.sh
set -euo pipefail
prefix="${PREFIX:-/usr/local}"
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product deployrole
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
install -d "$prefix/bin"
install -s -m 755 "$bin/deployrole" "$prefix/bin/deployrole"
echo "installed $prefix/bin/deployrole ($("$prefix/bin/deployrole" --version))"
