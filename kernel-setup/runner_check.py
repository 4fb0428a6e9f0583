"""Checks the runner's promises on throwaway notebooks (part of kernel-setup/test.sh).

1. A cell that throws fails the run (non-zero exit) and the output shows that cell and its error.
2. An export that would reveal the machine's lab path is refused and removed.
3. An export that would reveal the HF token is refused, and the token is not echoed.
4. Cells tagged remove-cell are run but left out of the HTML export; remove-input cells show
   only their output; Results.put writes NN_name.results.json beside the export.

Usage: runner_check.py SCRATCH_DIR
"""

import os
import re
from html import unescape
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

HERE = Path(__file__).resolve().parent
FAKE_TOKEN = "hf_runnerCheckNotARealToken0123456789"


def notebook(path: Path, *sources, tags=None) -> Path:
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    for i, t in (tags or {}).items():
        nb.cells[i].metadata["tags"] = [t]
    nb.metadata["kernelspec"] = {"name": "provenance-lab", "display_name": "Java (Provenance Lab)", "language": "java"}
    nbformat.write(nb, str(path))
    return path


def run(nb: Path, exports: Path, extra_env=None):
    env = dict(os.environ)
    env.update(extra_env or {})
    p = subprocess.run([sys.executable, str(HERE / "runner.py"), "--exports", str(exports), str(nb)],
                       capture_output=True, text=True, env=env, timeout=600)
    return p.returncode, p.stdout + p.stderr


def main() -> int:
    scratch = Path(sys.argv[1]).resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    exports = scratch / "exports"
    passed, failed = 0, 0

    def check(name, ok, output):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"  ok: {name}")
        else:
            failed += 1
            print(f"  FAILED: {name}\n---- runner output ----\n{output}\n-----------------------")

    sys.path.insert(0, str(HERE))
    import runner
    cleared = new_notebook(cells=[new_code_cell("x")])
    cleared.cells[0].outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": "", "text/plain": ""}),
        nbformat.v4.new_output("display_data", data={"text/html": "<b>kept</b>", "text/plain": "kept"}),
        nbformat.v4.new_output("stream", name="stdout", text="kept too")]
    removed = runner.drop_cleared_outputs(cleared)
    check("a cleared display (a finished progress bar) leaves no empty output in the export",
          removed == 1 and len(cleared.cells[0].outputs) == 2, str(cleared.cells[0].outputs))

    nb = notebook(scratch / "90_throws.ipynb",
                  'int fine = 1 + 1;',
                  'if (fine == 2) throw new IllegalStateException("runner-check: deliberate failure");',
                  'System.out.println("never reached");')
    rc, out = run(nb, exports)
    check("a throwing cell fails the run and shows the cell and its error",
          rc != 0 and "cell 2 of 3" in out and "deliberate failure" in out
          and 'throw new IllegalStateException("runner-check: deliberate failure")' in out
          and "never reached" not in out.split("---- error ----")[-1], out)

    nb = notebook(scratch / "91_path.ipynb", 'System.out.println(System.getenv("LAB_HOME") + "/lib");')
    rc, out = run(nb, exports)
    check("an export showing the machine's lab path is refused and removed",
          rc != 0 and "not publishable" in out and "lab path" in out
          and not (exports / "91_path.html").exists() and not (exports / "91_path.ipynb").exists(), out)

    nb = notebook(scratch / "92_token.ipynb", 'System.out.println("token=" + System.getenv("HF_TOKEN"));')
    rc, out = run(nb, exports, {"HF_TOKEN": FAKE_TOKEN})
    check("an export showing the HF token is refused, and the token is not echoed",
          rc != 0 and "the HF token" in out and FAKE_TOKEN not in out
          and not (exports / "92_token.html").exists(), out)

    nb = notebook(scratch / "93_tags.ipynb",
                  'String hidden = "hidden-setup-" + "marker"; System.out.println(hidden + "-output");',
                  'System.out.println("only-" + "the-output-" + hidden.length());',
                  'Results.put("answer", 42.5, Source.computed("runner check"));',
                  tags={0: "remove-cell", 1: "remove-input"})
    rc, out = run(nb, exports)
    page = (exports / "93_tags.html").read_text(encoding="utf-8") if (exports / "93_tags.html").exists() else ""
    # what a reader sees: the kernel's language info makes nbconvert highlight Java, which splits
    # code into spans, so compare the page's text, not its markup
    html = unescape(re.sub(r"<[^>]+>", "", page))
    results = exports / "93_tags.results.json"
    import json
    data = json.loads(results.read_text(encoding="utf-8")) if results.exists() else {}
    check("remove-cell cells run but are not exported; remove-input cells show only their output; results are written",
          rc == 0 and "hidden-setup-marker" not in html and "only-the-output-19" in html
          and 'System.out.println("only-"' not in html and "Results.put" in html
          and data.get("notebook") == "93_tags" and data.get("profile") == "offline"
          and [(r["key"], r["value"], r["source"]) for r in data.get("results", [])]
          == [("answer", 42.5, "computed (runner check)")], out + html[:0])

    print(f"runner-checks: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
