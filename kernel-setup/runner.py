"""Executes the lab's notebooks in order and writes executed copies and HTML to exports/.

Run it through kernel-setup/run-notebooks.sh, which sets the lab up first. Each notebook
runs on the lab's Java kernel with the profile in LAB_PROFILE; a final cell appended to
the executed copy (never to the stored notebook) shows the provenance footer. The first
failing cell stops the run with a non-zero exit, its source and its error.
"""

import argparse
import atexit
import copy
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
# Cell tags the export honours: set-up and housekeeping cells run but are not shown
# ("remove-cell"), or only their output is ("remove-input"). The executed .ipynb keeps them.
REMOVE_CELL_TAG = "remove-cell"
REMOVE_INPUT_TAG = "remove-input"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
NOTEBOOK_NAME = re.compile(r"^\d\d_[A-Za-z0-9_\-]+\.ipynb$")


# rapaio-jupyter-kernel 3.0.1 sometimes never answers after start-up (about one start in
# five here): its shell socket binds but delivers nothing. It answers within ~2 s when it
# works, so give it a short start-up window and start it again; no cell has run by then.
KERNEL_START_ATTEMPTS = 5
KERNEL_STARTUP_TIMEOUT = 15


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
    cell.metadata["tags"] = [FOOTER_TAG]
    return cell


def html_exporter(home: Path) -> HTMLExporter:
    exporter = HTMLExporter(template_name="lab-offline",
                            extra_template_basedirs=[str(home / "kernel-setup" / "nbconvert")])
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={REMOVE_CELL_TAG},
                                                         remove_input_tags={REMOVE_INPUT_TAG}), enabled=True)
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


def first_error(nb):
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, cell, out
    return None, None, None


def run_one(path: Path, exports: Path, profile: str, timeout: int, logs: Path, secrets: dict,
            exporter: HTMLExporter) -> bool:
    stored = nbformat.read(str(path), as_version=4)
    if any(c.get("outputs") for c in stored.cells if c.cell_type == "code"):
        print(f"  note: {path.name} is stored with outputs; they are replaced by this run")
    nb = copy.deepcopy(stored)
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = []
            c.execution_count = None
    nb.cells.append(footer_cell())
    # Key results go beside the export; a stale file from an earlier run must not survive this one.
    results = exports / (path.stem + ".results.json")
    results.unlink(missing_ok=True)
    os.environ["LAB_RESULTS"] = str(results)
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / (path.stem + ".kernel.log")
    started = time.monotonic()
    ok = True
    with open(log_path, "w", encoding="utf-8") as log:
        for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
            client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=timeout, allow_errors=False,
                                    startup_timeout=KERNEL_STARTUP_TIMEOUT,
                                    resources={"metadata": {"path": str(path.parent)}})
            try:
                client.execute(stderr=log, stdout=log)
                break
            except CellExecutionError:
                ok = False
                break
            except RuntimeError as e:
                if client.km is None:
                    # nbclient already shut that kernel down but left its exit hook, which
                    # would fail noisily when the runner exits.
                    atexit.unregister(client._cleanup_kernel)
                # A kernel that never answered ran no cell: starting once more is safe.
                if (attempt < KERNEL_START_ATTEMPTS and "respond" in str(e)
                        and not any(c.get("outputs") for c in nb.cells)):
                    print(f"  the kernel did not answer within {KERNEL_STARTUP_TIMEOUT} s; starting it again")
                    continue
                ok = False
                print(f"  FAILED: {path.name}: {type(e).__name__}: {ANSI.sub('', str(e))[:2000]}")
                print(f"  kernel log: {log_path.relative_to(lab_home())}")
                break
            except Exception as e:  # kernel died, cell timeout, kernel missing
                ok = False
                print(f"  FAILED: {path.name}: {type(e).__name__}: {ANSI.sub('', str(e))[:2000]}")
                print(f"  kernel log: {log_path.relative_to(lab_home())}")
                break
    wall = time.monotonic() - started

    exports.mkdir(parents=True, exist_ok=True)
    out_nb = exports / path.name
    out_html = exports / (path.stem + ".html")
    nbformat.write(nb, str(out_nb))
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
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
            print(f"  partial exports written: exports/{out_nb.name}, exports/{out_html.name}")
        print(f"  {path.name}: FAILED after {wall:.1f} s")
        return False
    if problems:
        return False
    size = out_html.stat().st_size / 1e6
    print(f"  {path.name}: ok in {wall:.1f} s -> exports/{out_html.name} ({size:.1f} MB), exports/{out_nb.name}")
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description="Execute the lab's notebooks and write exports/.")
    ap.add_argument("notebooks", nargs="*", help="number prefixes (00) or paths; default: all, in order")
    ap.add_argument("--profile", default=os.environ.get("LAB_PROFILE", "offline"), choices=["offline", "online"])
    ap.add_argument("--exports", default=None, help="output folder (default: exports/ of the lab)")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds a single cell may take")
    args = ap.parse_args()

    home = lab_home()
    exports = Path(args.exports).resolve() if args.exports else home / "exports"
    chosen = select(home / "notebooks", args.notebooks)
    if not chosen:
        print("runner: no notebooks found in notebooks/")
        return 1

    os.environ["LAB_PROFILE"] = args.profile
    os.environ["LAB_HOME"] = str(home)
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

    exporter = html_exporter(home)
    logs = home / "kernel-setup" / "target" / "kernel-logs"
    print(f"runner: {len(chosen)} notebook(s), profile {args.profile}, exports to {exports.relative_to(home) if exports.is_relative_to(home) else exports}")
    total = time.monotonic()
    passed = failed = 0
    for path in chosen:
        print(f"- {path.name}")
        if run_one(path, exports, args.profile, args.timeout, logs, secrets, exporter):
            passed += 1
        else:
            failed += 1
            break
    print(f"runner: {time.monotonic() - total:.1f} s in all")
    print(f"notebooks: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
