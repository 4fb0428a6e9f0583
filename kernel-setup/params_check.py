"""Checks run-notebooks.sh --set (part of kernel-setup/test.sh).

1. The parameters check notebook (kernel-setup/checks/parameters_check.ipynb, two zoo models)
   runs with two other zoo models: its outputs and its footer name them, not the defaults.
2. Every series notebook whose `parameters` cell declares modelA and modelB (the experiment
   notebooks) runs with two zoo models served by the local hub; its outputs name them.
3. A --set for a name no notebook declares, or a value of the wrong type, fails with a message
   naming it, before any kernel starts.

Usage: params_check.py SCRATCH_DIR   (prints the exports it wrote, for the browser check)
"""

import re
from html import unescape
import subprocess
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
HOME = HERE.parent
sys.path.insert(0, str(HERE))
from runner import parameters_of  # noqa: E402

CHECK_NOTEBOOK = HERE / "checks" / "parameters_check.ipynb"
# Two zoo models, neither the check notebook's default.
A, B = "e5-small-v2", "bge-small-zh-v15"


def run(args, exports):
    p = subprocess.run([sys.executable, str(HERE / "runner.py"), "--exports", str(exports), *args],
                       capture_output=True, text=True, timeout=1800)
    return p.returncode, p.stdout + p.stderr


def output_text(nb_path: Path) -> str:
    """Everything the executed cells showed (not their sources)."""
    nb = nbformat.read(str(nb_path), as_version=4)
    parts = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            parts.append(o.get("text", ""))
            parts.extend(str(v) for v in o.get("data", {}).values())
    return "\n".join(parts)


def main() -> int:
    scratch = Path(sys.argv[1]).resolve()
    exports = scratch / "param-exports"
    passed = failed = 0

    def check(name, ok, output):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"  ok: {name}")
        else:
            failed += 1
            print(f"  FAILED: {name}\n---- runner output ----\n{output}\n-----------------------")

    rc, out = run([str(CHECK_NOTEBOOK), "--set", f"modelA={A}", "--set", f"modelB={B}"], exports)
    shown = output_text(exports / CHECK_NOTEBOOK.name) if rc == 0 else ""
    page = (exports / "parameters_check.html").read_text(encoding="utf-8") if rc == 0 else ""
    html = unescape(re.sub(r"<[^>]+>", "", page))  # the page's text: highlighted code is split into spans
    check(f"the check notebook runs with --set modelA={A} modelB={B} and its outputs name both",
          rc == 0 and f"zoo {A}" in shown and f"zoo {B}" in shown and "all-minilm-l6-v2" not in shown, out)
    check("its footer records the parameters it ran with",
          f"Parameters: modelA = {A} (set with --set); modelB = {B} (set with --set); tensor = " in html, out)
    check("the injected cell is shown, the recording cell is not",
          "injected by kernel-setup/run-notebooks.sh --set" in html and "Provenance.parameter(" not in html, out)

    experiments = []
    for p in sorted((HOME / "notebooks").glob("*.ipynb")):
        declared = parameters_of(nbformat.read(str(p), as_version=4))[1]
        if "modelA" in declared and "modelB" in declared:
            experiments.append(p)
    if experiments:
        nb = experiments[0]
        rc, out = run([str(nb), "--set", f"modelA=zoo/{A}", "--set", f"modelB=zoo/{B}"], exports)
        shown = output_text(exports / nb.name) if rc == 0 else ""
        check(f"{nb.name} runs with --set modelA=zoo/{A} modelB=zoo/{B} and its outputs name both",
              rc == 0 and A in shown and B in shown, out)
    else:
        print("  note: no series notebook declares modelA and modelB in a parameters cell yet")

    from runner import ParameterError, java_literal
    typed = [("int", "3", "12", "12"), ("long", "3L", "5", "5L"), ("double", "0.5", "2", "2.0"),
             ("boolean", "true", "false", "false"), ("var", '"a"', 'say "hi" \u00e9', '"say \\"hi\\" \\u00e9"'),
             ("List<String>", "List.of()", "a, b", 'List.of("a", "b")')]
    got = [java_literal("nb", "p", t, d, v) for t, d, v, _ in typed]
    check("values are written as Java literals of the declared type",
          got == [w for _, _, _, w in typed], f"got {got}")
    refused = 0
    for t, d, v in [("int", "3", "three"), ("boolean", "true", "yes"), ("double", "1.0", "nan"), ("var", "f()", "1")]:
        try:
            java_literal("nb.ipynb", "p", t, d, v)
        except ParameterError as e:
            refused += "p" in str(e)
    check("a value that is not of the declared type is refused, naming the parameter", refused == 4, f"{refused} of 4")

    rc, out = run([str(CHECK_NOTEBOOK), "--set", "modelC=x"], exports)
    check("an undeclared --set name fails, naming it", rc == 2 and "--set modelC" in out and "declared: modelA" in out, out)
    rc, out = run([str(CHECK_NOTEBOOK), "--set", "modelA"], exports)
    check("a --set without a value fails", rc == 2 and "expected name=value" in out, out)

    print(f"params-checks: {passed} passed, {failed} failed")
    for f in sorted(exports.glob("*.html")):
        print(f"export: {f}")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
