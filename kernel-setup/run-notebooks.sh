#!/usr/bin/env bash
# Runs the notebooks (all, in order, or those named) and writes exports/. Sets the lab up first.
#
#   kernel-setup/run-notebooks.sh                     every notebook, offline profile
#   kernel-setup/run-notebooks.sh 00                  one notebook, by number prefix or path
#   kernel-setup/run-notebooks.sh --profile online    the real repos on the Hub (HF_TOKEN, HF_ENDPOINT)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/setup.sh" --quiet
exec "$(cat "$here/target/python.path")" "$here/runner.py" "$@"
