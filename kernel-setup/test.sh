#!/usr/bin/env bash
# The whole test suite: sets the lab up, runs the JUnit tests (lib and the kernel), executes
# every notebook (offline), checks the runner (failing cells, leaks, --set), and opens every
# export in headless Chromium with the network cut off.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home=$(cd "$here/.." && pwd)
"$here/setup.sh"

echo "== lib and kernel: unit tests"
(cd "$home" && mvn -B -ntp -Dstyle.color=never verify)

echo "== lib: bounded fuzzing of header parsing, inventory and reads (25 s; the corpus also ran above)"
(cd "$home" && JAZZER_FUZZ=1 mvn -B -ntp -q -Dstyle.color=never -pl lib surefire:test -Dtest=SafetensorsFuzzTest \
    -Dsurefire.failIfNoSpecifiedTests=false)
rm -rf "$home/lib/.cifuzz-corpus"

echo "== notebooks: execute all (offline)"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$here/run-notebooks.sh" --profile offline

echo "== notebooks 06-08: their online cells against the local hub (LAB_HUB=local: stand-ins under the real repo ids)"
LAB_HUB=local "$here/run-notebooks.sh" --profile online --exports "$scratch/online-exports" 06 07 08

echo "== exports: no local-hub numbers labelled live offline; plotly named only on pages with figures"
"$(cat "$here/target/python.path")" "$here/export_check.py" --self-test
"$(cat "$here/target/python.path")" "$here/export_check.py" "$home/exports" "${LAB_CACHE:-$home/data-cache}"

echo "== notebooks: the online cells of 03-05 and 09-11 against the local hub (LAB_HUB=local serves stand-ins under the real repo ids)"
LAB_HUB=local "$here/run-notebooks.sh" --profile online --exports "$scratch/online-local" 03 04 05 09 10 11

echo "== runner: a failing cell must fail the run and show its error"
"$(cat "$here/target/python.path")" "$here/runner_check.py" "$scratch"


py=$(cat "$here/target/python.path")
echo "== runner: --set overrides a notebook's parameters and the footer records them"
"$py" "$here/params_check.py" "$scratch"

echo "== exports: every page in headless Chromium, offline (plots drawn, no script error, no fetch, < 3 MB)"
shopt -s nullglob
"$py" "$here/browser_check.py" "$home"/exports/*.html "$scratch"/param-exports/*.html

echo "== browser check: pages broken on purpose are refused"
"$py" "$here/browser_check.py" --self-test "$scratch/param-exports/parameters_check.html"
