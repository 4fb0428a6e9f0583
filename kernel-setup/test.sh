#!/usr/bin/env bash
# The whole test suite: sets the lab up, runs lib's JUnit tests, executes every notebook
# (offline), and checks that the runner fails on a failing cell.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home=$(cd "$here/.." && pwd)
"$here/setup.sh"

echo "== lib: unit tests"
(cd "$home" && mvn -B -ntp -Dstyle.color=never verify)

echo "== notebooks: execute all (offline)"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$here/run-notebooks.sh" --profile offline

echo "== notebooks: the online cells of 09-11 against the local hub (LAB_HUB=local serves stand-ins under the real repo ids)"
LAB_HUB=local "$here/run-notebooks.sh" --profile online --exports "$scratch/online-local" 09 10 11

echo "== runner: a failing cell must fail the run and show its error"
"$(cat "$here/target/python.path")" "$here/runner_check.py" "$scratch"
