"""Checks what can be checked mechanically in the executed exports (part of kernel-setup/test.sh).

1. No offline export labels a number `live <repo>@<sha7>` unless the data-cache holds that repo
   at that commit from an earlier online run: numbers from the lab's local hub (synthetic
   layouts, zoo or toy models served as repos) are `local`, never `live`.
2. A footer names plotly.js only on a page that drew a figure, and every page that drew one
   says so in its footer.

Usage: export_check.py EXPORTS_DIR DATA_CACHE_DIR    (checks exports/NN_*.ipynb)
       export_check.py --self-test                   (shows that each rule catches a bad page)
"""

import re
import sys
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

FOOTER_TAG = "lab-provenance-footer"
LIVE = re.compile(r"\blive ([A-Za-z0-9][\w.\-]*/[\w.\-]+)@([0-9a-f]{7})\b")
LOCAL_HUB_OWNERS = ("synthetic/", "zoo/", "toy/")
FIGURE = re.compile(r'class="lab-figure"|Plotly\.newPlot')


def output_texts(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            yield out.get("text", "")
        for value in out.get("data", {}).values():
            yield value if isinstance(value, str) else "".join(value) if isinstance(value, list) else ""


def cached(cache: Path, repo: str, sha7: str) -> bool:
    folder = cache / repo.replace("/", "--")
    return folder.is_dir() and any(p.is_dir() and p.name.startswith(sha7) for p in folder.iterdir())


def problems(nb_path: Path, cache: Path) -> list:
    nb = nbformat.read(str(nb_path), as_version=4)
    footer_cells = [c for c in nb.cells if FOOTER_TAG in c.get("metadata", {}).get("tags", [])]
    if len(footer_cells) != 1:
        return [f"{nb_path.name}: expected one provenance footer cell, found {len(footer_cells)}"]
    footer = "\n".join(output_texts(footer_cells[0]))
    body = [c for c in nb.cells if c.cell_type == "code" and c not in footer_cells]
    found = []
    m = re.search(r"Profile: (\w+)", footer)
    if not m:
        found.append(f"{nb_path.name}: the footer does not name the profile")
    elif m.group(1) == "offline":
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            for text in output_texts(cell):
                for label in LIVE.finditer(text):
                    repo, sha7 = label.group(1), label.group(2)
                    if repo.startswith(LOCAL_HUB_OWNERS):
                        found.append(f"{nb_path.name}, cell {i + 1}: 'live {repo}@{sha7}' is a repo of the lab's "
                                     "local hub: label it 'local'")
                    elif not cached(cache, repo, sha7):
                        found.append(f"{nb_path.name}, cell {i + 1}: offline export labels 'live {repo}@{sha7}' but the "
                                     "data-cache holds no such commit from an online run: label it 'local'")
    drew = any(FIGURE.search(t) for c in body for t in output_texts(c))
    names_plotly = "plotly" in footer.lower()
    if names_plotly and not drew:
        found.append(f"{nb_path.name}: the footer mentions plotly.js but the page draws no figure")
    if drew and not names_plotly:
        found.append(f"{nb_path.name}: the page draws figures but the footer does not name plotly.js")
    return found


def check(exports: Path, cache: Path) -> int:
    pages = sorted(p for p in exports.glob("*.ipynb") if re.match(r"^\d\d_", p.name))
    if not pages:
        print(f"export check: no executed notebooks in {exports}")
        return 1
    found = [p for page in pages for p in problems(page, cache)]
    for p in found:
        print("  FAILED: " + p)
    print(f"export check: {len(pages)} export(s), {len(found)} problem(s)")
    return 1 if found else 0


def fake(path: Path, footer: str, *outputs: str) -> Path:
    cells = []
    for html in outputs:
        c = new_code_cell("x")
        c.outputs = [new_output("display_data", data={"text/html": html})]
        cells.append(c)
    f = new_code_cell("Provenance.showFooter();")
    f.metadata["tags"] = [FOOTER_TAG]
    f.outputs = [new_output("display_data", data={"text/plain": footer})]
    cells.append(f)
    nbformat.write(new_notebook(cells=cells), str(path))
    return path


def self_test() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        cache = d / "cache"
        (cache / "zai-org--GLM-4.5-Air" / ("a" * 40)).mkdir(parents=True)
        offline = "Profile: offline\nJava 17"
        offline_plotly = "Profile: offline\nplotly.js 2.35.3 inlined; Java 17"
        figure = '<div class="lab-figure"><div id="p"></div></div>'
        cases = [
            ("clean page", fake(d / "00_ok.ipynb", offline, "<td>zoo bge-small-en</td>"), 0),
            ("figure named", fake(d / "01_ok.ipynb", offline_plotly, figure), 0),
            ("cached live", fake(d / "02_ok.ipynb", offline, "live zai-org/GLM-4.5-Air@aaaaaaa"), 0),
            ("plotly without a figure", fake(d / "03_bad.ipynb", offline_plotly, "<td>1</td>"), 1),
            ("figure without plotly", fake(d / "04_bad.ipynb", offline, figure), 1),
            ("synthetic labelled live", fake(d / "05_bad.ipynb", offline, "live synthetic/solar-like@1234567"), 1),
            ("uncached live", fake(d / "06_bad.ipynb", offline, "live upstage/Solar-Open-100B@abcdef0"), 1),
            ("online may say live", fake(d / "07_ok.ipynb", "Profile: online\nJava 17", "live upstage/Solar-Open-100B@abcdef0"), 0),
        ]
        failed = 0
        for name, page, expected in cases:
            got = len(problems(page, cache))
            if got != expected:
                failed += 1
                print(f"  export check self-test FAILED: {name}: {got} problem(s), expected {expected}")
        print(f"export check self-test: {len(cases) - failed} of {len(cases)} cases as expected")
        return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(check(Path(sys.argv[1]), Path(sys.argv[2])))
