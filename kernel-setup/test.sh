#!/usr/bin/env bash
# The whole test suite: sets the lab up, runs lib's JUnit tests, executes every notebook
# (offline), and checks that the runner fails on a failing cell.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home=$(cd "$here/.." && pwd)
"$here/setup.sh"

echo "== lib: unit tests"
(cd "$home" && mvn -B -ntp -Dstyle.color=never verify)

echo "== lib: bounded fuzzing of header parsing, inventory and reads (25 s; the corpus also ran above)"
(cd "$home" && JAZZER_FUZZ=1 mvn -B -ntp -q -Dstyle.color=never -pl lib surefire:test -Dtest=SafetensorsFuzzTest \
    -Dsurefire.failIfNoSpecifiedTests=false)
rm -rf "$home/lib/.cifuzz-corpus"

echo "== notebooks: execute all (offline)"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$here/run-notebooks.sh" --profile offline

echo "== runner: a failing cell must fail the run and show its error"
"$(cat "$here/target/python.path")" "$here/runner_check.py" "$scratch"
