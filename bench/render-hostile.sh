#!/bin/sh
# Renders every hostile body in Tests/MarkdownTests/PathologicalInputTests.swift with a release
# build and prints each one's time and size, slowest first. The test itself only asserts the
# size bound (HTML <= 10x the source); times are for people, not for CI. The tests use
# `@testable import`, which a release build only allows with -enable-testing.
#   bench/render-hostile.sh            # all cases
#   bench/render-hostile.sh 5          # the five slowest
set -eu
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift test -c release -Xswiftc -enable-testing --filter PathologicalInput >"$log" 2>&1 || { cat "$log"; exit 1; }
grep '^pathological:' "$log" | sort -t: -k2 -rn | head -n "${1:-1000}"
grep -E 'Test run with|passed|failed' "$log" | tail -n 1
