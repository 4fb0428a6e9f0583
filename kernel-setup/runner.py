"""Executes the lab's notebooks in order and writes executed copies and HTML to exports/.

Run it through kernel-setup/run-notebooks.sh, which sets the lab up first. Each notebook
runs on the lab's Java kernel with the profile in LAB_PROFILE; a final cell appended to
the executed copy (never to the stored notebook) shows the provenance footer. The first
failing cell stops the run with a non-zero exit, its source and its error.

Parameters: the first code cell tagged `parameters` declares what a notebook studies
(`String modelA = "...";`). `--set name=value` injects, after that cell, a cell tagged
`injected-parameters` that declares the name again with the new value (as papermill does);
a hidden cell then records every parameter for the footer (`Provenance.parameter`).

Notebooks run two at a time (`--jobs`), each in its own kernel; a notebook that reads another's
results (`Results.read("NN")`) starts only after that one has finished. Each notebook's time is
printed, and the last line is `suite_s=<seconds> notebooks=<n>`.
"""

import argparse
import concurrent.futures
import copy
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
except ImportError as e:  # the shell wrapper picks an interpreter that has them
    sys.exit(f"runner: this Python ({sys.executable}) lacks Jupyter's nbclient/nbconvert ({e}); "
             "run kernel-setup/setup.sh, or set LAB_PYTHON to an interpreter that has them")

KERNEL_NAME = "provenance-lab"
FOOTER_TAG = "lab-provenance-footer"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
NOTEBOOK_NAME = re.compile(r"^\d\d_[A-Za-z0-9_\-]+\.ipynb$")

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
# Cell tags the export honours: set-up and housekeeping cells run but are not shown
# ("remove-cell"), or only their output is ("remove-input"). The executed .ipynb keeps them.
REMOVE_CELL_TAG = "remove-cell"
REMOVE_INPUT_TAG = "remove-input"
# The lab's kernel answers kernel_info within seconds (kernel-setup/bench.sh kernel); the
# window only bounds a kernel that cannot start at all (a broken classpath).
KERNEL_STARTUP_TIMEOUT = 120
IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
# A parameter declaration: `[final] Type name = default;` on one line.
DECLARATION = re.compile(
    r"^\s*(?:final\s+)?(String|int|long|double|boolean|var|List<String>)\s+([A-Za-z_$][A-Za-z0-9_$]*)\s*=\s*(.+?)\s*;\s*(?://.*)?$")
RESULTS_READ = re.compile(r"Results\.read\(\s*\"(\d\d)")


def lab_home() -> Path:
    return Path(__file__).resolve().parent.parent


def git_commit(home: Path) -> str:
    try:
        sha = subprocess.run(["git", "-C", str(home), "rev-parse", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(home), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return sha + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def select(notebooks_dir: Path, wanted: list) -> list:
    every = sorted(p for p in notebooks_dir.glob("*.ipynb") if NOTEBOOK_NAME.match(p.name))
    if not wanted:
        return every
    chosen = []
    for w in wanted:
        p = Path(w)
        if p.suffix == ".ipynb" and p.is_file():
            chosen.append(p.resolve())
            continue
        hits = [n for n in every if n.name.startswith(w)]
        if len(hits) != 1:
            names = ", ".join(n.name for n in every)
            sys.exit(f"runner: '{w}' matches {len(hits)} notebooks (have: {names}); "
                     "give a number prefix such as 00 or a path to an .ipynb")
        chosen.append(hits[0])
    return chosen


def footer_cell():
    cell = nbformat.v4.new_code_cell("Provenance.showFooter();")
    cell.metadata["tags"] = [FOOTER_TAG, REMOVE_INPUT_TAG]  # the footer, not the call that shows it
    return cell


class ParameterError(ValueError):
    """A --set that cannot be applied; the message names the parameter and the notebook."""


def parse_sets(items: list) -> dict:
    sets = {}
    for item in items or []:
        name, eq, value = item.partition("=")
        name = name.strip()
        if not eq or not IDENT.match(name):
            raise ParameterError(f"--set '{item}': expected name=value with a Java identifier as the name")
        if name in sets:
            raise ParameterError(f"--set {name} is given twice")
        sets[name] = value
    return sets


def notebook_title(nb, fallback: str) -> str:
    """The notebook's first level-1 heading, without markdown markup (the page's title)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"^#\s+(.+?)\s*#*\s*$", line)
            if m:
                return re.sub(r"[*_`]", "", m.group(1)).strip() or fallback
    return fallback


def parameters_of(nb):
    """(index of the cell tagged `parameters`, {name: (type, default)}), or (None, {})."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.metadata.get("tags", []):
            declared = {}
            for line in cell.source.splitlines():
                m = DECLARATION.match(line)
                if m:
                    declared[m.group(2)] = (m.group(1), m.group(3))
            return i, declared
    return None, {}


def java_string(value: str) -> str:
    """A Java string literal; characters outside printable ASCII as \\u escapes."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            units = ch.encode("utf-16-be")
            out.extend("\\u%02x%02x" % (units[i], units[i + 1]) for i in range(0, len(units), 2))
    return '"' + "".join(out) + '"'


def java_literal(notebook: str, name: str, jtype: str, default: str, value: str) -> str:
    """The Java literal for a --set value, typed like the parameter's declaration."""
    if jtype == "var":
        d = default.strip()
        jtype = ("String" if d.startswith('"') else "boolean" if d in ("true", "false")
                 else "long" if re.fullmatch(r"-?\d+[lL]", d) else "int" if re.fullmatch(r"-?\d+", d)
                 else "double" if re.fullmatch(r"-?[\d.]+(?:[eE]-?\d+)?[dD]?", d) else None)
        if jtype is None:
            raise ParameterError(f"{notebook}: parameter {name} is declared with var and a default "
                                 f"({default}) whose type the runner cannot tell; declare its type")
    try:
        if jtype == "String":
            return java_string(value)
        if jtype == "int":
            v = int(value)
            if not -2**31 <= v < 2**31:
                raise ValueError("out of int range")
            return str(v)
        if jtype == "long":
            return f"{int(value)}L"
        if jtype == "double":
            v = float(value)
            if v != v or v in (float("inf"), float("-inf")):
                raise ValueError("not finite")
            return repr(v)
        if jtype == "boolean":
            if value not in ("true", "false"):
                raise ValueError("expected true or false")
            return value
        if jtype == "List<String>":
            return "List.of(" + ", ".join(java_string(v.strip()) for v in value.split(",") if v.strip()) + ")"
    except ValueError as e:
        raise ParameterError(f"--set {name}={value}: {notebook} declares {name} as {jtype}: {e}") from None
    raise ParameterError(f"{notebook}: parameter {name} has type {jtype}, which --set cannot write")


def prepare(path: Path, sets: dict):
    """The notebook to execute: outputs cleared, --set values injected, parameters recorded,
    the footer appended, the title set. Returns (notebook, names set)."""
    stored = nbformat.read(str(path), as_version=4)
    nb = copy.deepcopy(stored)
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = []
            c.execution_count = None
    nb.metadata["title"] = notebook_title(nb, path.stem)
    index, declared = parameters_of(nb)
    applied = []
    if index is not None:
        added = []
        wanted = {k: v for k, v in sets.items() if k in declared}
        if wanted:
            lines = ["// injected by kernel-setup/run-notebooks.sh --set"]
            for name, value in wanted.items():
                jtype, default = declared[name]
                lines.append(f"{jtype} {name} = {java_literal(path.name, name, jtype, default, value)};")
                applied.append(name)
            cell = nbformat.v4.new_code_cell("\n".join(lines))
            cell.metadata["tags"] = [INJECTED_TAG]
            added.append(cell)
        if declared:
            record = nbformat.v4.new_code_cell("\n".join(
                f'Provenance.parameter("{n}", {n}, {"true" if n in wanted else "false"});' for n in declared))
            record.metadata["tags"] = [REMOVE_CELL_TAG, "lab-parameters-record"]
            added.append(record)
        nb.cells[index + 1:index + 1] = added
    nb.cells.append(footer_cell())
    return stored, nb, applied


def make_exporter(home: Path) -> HTMLExporter:
    exporter = HTMLExporter(template_name="lab-offline",
                            extra_template_basedirs=[str(home / "kernel-setup" / "nbconvert")])
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={REMOVE_CELL_TAG},
                                                         remove_input_tags={REMOVE_INPUT_TAG},
                                                         enabled=True), enabled=True)
    return exporter


def leaks(text: str, secrets: dict) -> list:
    """Problems that must keep an export from being published."""
    found = []
    for m in re.finditer(r"<script[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", text, re.I):
        found.append("a script loaded from the network: " + text[m.start():m.start() + 120])
    for m in re.finditer(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", text, re.I):
        found.append("a stylesheet loaded from the network: " + text[m.start():m.start() + 120])
    for m in re.finditer(r"https?://[a-z0-9.-]*\bcdn[a-z0-9-]*\.", text, re.I):
        found.append("a CDN address: " + text[m.start():m.start() + 80])
    for m in re.finditer(r"\b(127\.0\.0\.1|localhost):\d{2,5}\b", text):
        found.append("a loopback address with its ephemeral port (changes from run to run; keep it in a hidden cell): "
                     + text[max(0, m.start() - 40):m.end() + 20].replace("\n", " "))
    for what, (value, is_path) in secrets.items():
        if not value:
            continue
        # A path counts when something below it is named ("/root/x"), not the bare word.
        needle = value.rstrip("/") + "/" if is_path else value
        at = text.find(needle)
        if at >= 0:
            # Show where a path leaked; never echo a secret.
            context = text[max(0, at - 60):at + len(needle) + 40].replace("\n", " ") if is_path else ""
            found.append(what + (f" (near: ...{context}...)" if context else ""))
    return found


def scrub(text: str, secrets: dict) -> str:
    """Hides secrets (not paths) in what the runner prints."""
    for value, is_path in secrets.values():
        if value and not is_path:
            text = text.replace(value, "***")
    return text


def drop_cleared_outputs(nb) -> int:
    """Removes display outputs whose every representation is empty: a finished progress bar
    clears itself that way, and the export would otherwise keep a blank gap for each one.
    Returns how many were removed."""
    removed = 0
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            data = out.get("data") if out.get("output_type") in ("display_data", "execute_result") else None
            if data and all(not ("".join(v) if isinstance(v, list) else v) for v in data.values()):
                removed += 1
                continue
            kept.append(out)
        cell["outputs"] = kept
    return removed


def first_error(nb):
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, cell, out
    return None, None, None




def run_one(path: Path, sets: dict, exports: Path, timeout: int, logs: Path, secrets: dict,
            exporter: HTMLExporter) -> bool:
    started = time.monotonic()
    try:
        stored, nb, applied = prepare(path, sets)
    except ParameterError as e:
        print(f"  FAILED: {e}")
        return False
    if any(c.get("outputs") for c in stored.cells if c.cell_type == "code"):
        print(f"  note: {path.name} is stored with outputs; they are replaced by this run")
    if applied:
        print("  parameters set: " + ", ".join(f"{n}={sets[n]}" for n in applied))
    exports.mkdir(parents=True, exist_ok=True)
    results = exports / (path.stem + ".results.json")
    results.unlink(missing_ok=True)  # a stale file must not pass for this run's results
    os.environ["LAB_RESULTS"] = str(results)
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / (path.stem + ".kernel.log")
    ok = True
    with open(log_path, "w", encoding="utf-8") as log:
        client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=timeout, allow_errors=False,
                                startup_timeout=KERNEL_STARTUP_TIMEOUT,
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute(stderr=log, stdout=log)
        except CellExecutionError:
            ok = False
        except Exception as e:  # kernel died or never started, cell timeout, kernel missing
            ok = False
            print(f"  FAILED: {path.name}: {type(e).__name__}: {ANSI.sub('', str(e))[:2000]}")
            print(f"  kernel log: {shown(log_path)}")
    wall = time.monotonic() - started

    out_nb = exports / path.name
    out_html = exports / (path.stem + ".html")
    drop_cleared_outputs(nb)
    nbformat.write(nb, str(out_nb))
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": nb.metadata["title"]}})
    out_html.write_text(body, encoding="utf-8")

    problems = []
    for f in (out_nb, out_html) + ((results,) if results.exists() else ()):
        for p in leaks(f.read_text(encoding="utf-8"), secrets):
            problems.append(f"{f.name}: {p}")
    if problems:
        print(f"  FAILED: {path.name}: the export is not publishable:")
        for p in problems:
            print("   - " + p)
        # An export that leaks a secret or a local path must not stay on disk.
        out_nb.unlink(missing_ok=True)
        out_html.unlink(missing_ok=True)
        results.unlink(missing_ok=True)

    if not ok:
        i, cell, err = first_error(nb)
        if cell is not None:
            print(f"  FAILED: {path.name}, cell {i + 1} of {len(nb.cells) - 1}:")
            print("  ---- cell source ----")
            for line in cell.source.splitlines():
                print("  | " + line)
            print("  ---- error ----")
            print(scrub(f"  {err.get('ename')}: {err.get('evalue')}", secrets))
            for line in err.get("traceback", []):
                print(scrub("  " + ANSI.sub("", line).rstrip(), secrets))
        if not problems:
            print(f"  partial exports written: {shown(out_nb)}, {shown(out_html)}")
        print(f"  {path.name}: FAILED after {wall:.1f} s")
        return False
    if problems:
        return False
    size = out_html.stat().st_size / 1e6
    print(f"  {path.name}: ok in {wall:.1f} s -> {shown(out_html)} ({size:.1f} MB), {shown(out_nb)}")
    return True


def shown(path: Path) -> str:
    """A path as printed: relative to the lab when inside it."""
    return str(path.relative_to(lab_home())) if path.is_relative_to(lab_home()) else str(path)


def dependencies(path: Path, chosen: list) -> set:
    """The chosen notebooks whose results this one reads (Results.read("NN"))."""
    nb = nbformat.read(str(path), as_version=4)
    prefixes = set()
    for c in nb.cells:
        if c.cell_type == "code":
            prefixes.update(RESULTS_READ.findall(c.source))
    return {p for p in chosen if p != path and p.name[:2] in prefixes}


def run_parallel(chosen: list, jobs: int, worker_args: list) -> tuple:
    """Runs each notebook in its own runner process, `jobs` at a time, in order, a notebook
    starting only after those it reads results from. No new notebook starts after a failure."""
    deps = {p: dependencies(p, chosen) for p in chosen}
    pending, running, ok_done = list(chosen), {}, set()
    passed = failed = 0

    def work(path):
        p = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", *worker_args, str(path)],
                           capture_output=True, text=True)
        return p.returncode == 0, p.stdout + p.stderr

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        while pending or running:
            while failed == 0 and len(running) < jobs:
                ready = next((p for p in pending if deps[p] <= ok_done), None)
                if ready is None:
                    break
                pending.remove(ready)
                running[pool.submit(work, ready)] = ready
            if not running:
                if failed == 0 and pending:
                    print("runner: these notebooks read each other's results in a cycle: "
                          + ", ".join(p.name for p in pending))
                    failed += 1
                break
            done, _ = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
            for f in done:
                path = running.pop(f)
                ok, output = f.result()
                print(f"- {path.name}")
                print(output, end="" if output.endswith("\n") or not output else "\n", flush=True)
                if ok:
                    passed += 1
                    ok_done.add(path)
                else:
                    failed += 1
    return passed, failed, len(pending)


def main() -> int:
    ap = argparse.ArgumentParser(description="Execute the lab's notebooks and write exports/.")
    ap.add_argument("notebooks", nargs="*", help="number prefixes (00) or paths; default: all, in order")
    ap.add_argument("--profile", default=os.environ.get("LAB_PROFILE", "offline"), choices=["offline", "online"])
    ap.add_argument("--exports", default=None, help="output folder (default: exports/ of the lab)")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds a single cell may take")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override a parameter of the notebooks' parameters cell (repeatable)")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("LAB_JOBS", "2")),
                    help="notebooks run at once, each on its own kernel (default 2)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    home = lab_home()
    exports = Path(args.exports).resolve() if args.exports else home / "exports"
    chosen = select(home / "notebooks", args.notebooks)
    if not chosen:
        print("runner: no notebooks found in notebooks/")
        return 1
    try:
        sets = parse_sets(args.set)
        declared_anywhere = set()
        for p in chosen:
            declared_anywhere.update(parameters_of(nbformat.read(str(p), as_version=4))[1])
        unknown = sorted(set(sets) - declared_anywhere)
        if unknown:
            raise ParameterError(f"--set {', '.join(unknown)}: no chosen notebook declares "
                                 f"{'it' if len(unknown) == 1 else 'them'} in a cell tagged '{PARAMETERS_TAG}' "
                                 f"(declared: {', '.join(sorted(declared_anywhere)) or 'none'})")
    except ParameterError as e:
        print(f"runner: {e}")
        return 2

    os.environ["LAB_PROFILE"] = args.profile
    os.environ["LAB_HOME"] = str(home)
    if not (args.worker and os.environ.get("LAB_GIT_COMMIT")):
        os.environ["LAB_GIT_COMMIT"] = git_commit(home)
    # name -> (value, is_path): what no export may contain.
    secrets = {
        "the machine's lab path": (str(home), True),
        "the home directory path": (str(Path.home()) if str(Path.home()) not in ("/", "") else None, True),
        "the HF token": (os.environ.get("HF_TOKEN") or None, False),
    }
    token_file = Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface")) / "token"
    if token_file.is_file():
        secrets["the HF token (token file)"] = (token_file.read_text(encoding="utf-8").strip() or None, False)

    exporter = make_exporter(home)
    logs = home / "kernel-setup" / "target" / "kernel-logs"
    if args.worker:
        return 0 if all(run_one(p, sets, exports, args.timeout, logs, secrets, exporter) for p in chosen) else 1

    jobs = max(1, min(args.jobs, len(chosen)))
    where = exports.relative_to(home) if exports.is_relative_to(home) else exports
    print(f"runner: {len(chosen)} notebook(s), profile {args.profile}, {jobs} at a time, exports to {where}"
          + (f", parameters {' '.join(f'{k}={v}' for k, v in sets.items())}" if sets else ""), flush=True)
    total = time.monotonic()
    passed = failed = not_run = 0
    if jobs == 1:
        for path in chosen:
            print(f"- {path.name}", flush=True)
            if run_one(path, sets, exports, args.timeout, logs, secrets, exporter):
                passed += 1
            else:
                failed += 1
                not_run = len(chosen) - passed - failed
                break
    else:
        worker_args = ["--profile", args.profile, "--exports", str(exports), "--timeout", str(args.timeout)]
        for name, value in sets.items():
            worker_args += ["--set", f"{name}={value}"]
        passed, failed, not_run = run_parallel(chosen, jobs, worker_args)
    suite = time.monotonic() - total
    print(f"notebooks: {passed} passed, {failed} failed" + (f", {not_run} not run" if not_run else ""))
    print(f"suite_s={suite:.1f} notebooks={passed}")
    return 0 if failed == 0 and not_run == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
