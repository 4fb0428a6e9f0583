"""The test suite's browser check: opens pages in headless Chromium with the network cut off.

  browser_check.py PAGE.html...          every plot drawn (an SVG in its div), no script error,
                                          nothing fetched from the network; non-zero exit otherwise
  browser_check.py --self-test PAGE.html  breaks a good page with a plot three ways and checks that
                                          each broken copy is refused, for the reason it was broken

Run it after kernel-setup/setup.sh, which installs Chromium and playwright-core.
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "target" / "browser" / "node_modules"


def check(pages: list) -> tuple:
    env = dict(os.environ, NODE_PATH=str(NODE_MODULES))
    p = subprocess.run(["node", str(HERE / "browser" / "check-pages.mjs"), *map(str, pages)],
                       capture_output=True, text=True, env=env, timeout=900)
    return p.returncode, p.stdout + p.stderr


def self_test(good: Path) -> int:
    html = good.read_text(encoding="utf-8")
    if "Plotly.newPlot(" not in html:
        print(f"browser self-test: {good.name} has no plot to break")
        return 1
    rc, out = check([good])
    if rc != 0:
        print(f"browser self-test: the intact page {good.name} must pass first:\n{out}")
        return 1
    broken = {
        # a plot whose drawing call throws: a script error and no SVG
        "script-error": (html.replace("Plotly.newPlot(", "Plotly.newPlotBroken(", 1),
                         ["script error", "has no SVG"]),
        # the library gone: the guard writes a message instead of a plot, no error at all
        "no-library": (re.sub(r"<script type=\"text/javascript\">if \(!window\.Plotly\).*?</script>", "", html,
                              count=1, flags=re.S), ["has no SVG"]),
        # a page that reaches for the network
        "network": (html.replace("</head>", "<img src=\"http://example.invalid/x.png\"></head>", 1),
                    ["tried to fetch http://example.invalid/x.png"]),
    }
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, (text, reasons) in broken.items():
            if text == html:
                print(f"  FAILED: could not break {good.name} as '{name}'")
                failed += 1
                continue
            page = Path(tmp) / f"broken-{name}.html"
            page.write_text(text, encoding="utf-8")
            rc, out = check([page])
            if rc != 0 and all(r in out for r in reasons):
                print(f"  ok: a page broken as '{name}' is refused ({'; '.join(reasons)})")
            else:
                failed += 1
                print(f"  FAILED: a page broken as '{name}' was not refused for {reasons}:\n{out}")
    print(f"browser-self-test: {len(broken) - failed} passed, {failed} failed")
    return 1 if failed else 0


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--self-test"] and len(args) == 2:
        return self_test(Path(args[1]))
    if not args or args[0].startswith("-"):
        print(__doc__)
        return 2
    rc, out = check(args)
    print(out, end="")
    return rc


if __name__ == "__main__":
    sys.exit(main())
