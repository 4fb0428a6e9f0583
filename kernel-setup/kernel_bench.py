"""Starts the lab's kernel N times through jupyter_client and measures each start.

Each round: start the kernel, wait for its kernel_info reply (the start time), run one cell
that uses the library and check its rich output, shut the kernel down. A start counts as a
hang when kernel_info gets no reply within the start-up window, or the cell does not finish.
The last line is  kernel_starts=<ok> hangs=<n> median_start_ms=<ms>  (printed, never asserted).

Usage: kernel_bench.py [N]   (run it through kernel-setup/bench.sh kernel)
"""

import queue
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

KERNEL_NAME = "provenance-lab"
START_WINDOW_S = 60
CELL_WINDOW_S = 120
CELL = 'var zoo = Zoo.table();\nDisplay.table(zoo.first(2), "zoo catalog (first rows)");\nzoo.rowCount()'


def one_start(log):
    km = KernelManager(kernel_name=KERNEL_NAME)
    started = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        try:
            kc.kernel_info(reply=True, timeout=START_WINDOW_S)
        except queue.Empty:
            return "hang", None, "no kernel_info reply within %d s" % START_WINDOW_S
        start_ms = (time.monotonic() - started) * 1000
        outputs = []
        try:
            reply = kc.execute_interactive(CELL, timeout=CELL_WINDOW_S, store_history=False,
                                           output_hook=lambda m: outputs.append(m))
        except TimeoutError:
            return "hang", start_ms, "the cell did not finish within %d s" % CELL_WINDOW_S
        status = reply["content"]["status"]
        html = [m for m in outputs if m["msg_type"] == "display_data" and "text/html" in m["content"]["data"]]
        result = [m["content"]["data"].get("text/plain") for m in outputs if m["msg_type"] == "execute_result"]
        if status != "ok" or not html or result != ["8"]:
            errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
            return "failed", start_ms, "status %s, %d html outputs, result %s, errors %s" % (status, len(html), result, errors)
        return "ok", start_ms, ""
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        km.cleanup_resources()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    starts, hangs, failed = [], 0, 0
    t0 = time.monotonic()
    for i in range(1, n + 1):
        outcome, start_ms, why = one_start(sys.stdout)
        if outcome == "ok":
            starts.append(start_ms)
        elif outcome == "hang":
            hangs += 1
            print(f"  start {i}: HANG: {why}", flush=True)
        else:
            failed += 1
            print(f"  start {i}: FAILED: {why}", flush=True)
        if i % 10 == 0:
            print(f"  {i}/{n} starts, {hangs} hangs, {failed} failed, "
                  f"median start so far {statistics.median(starts) if starts else float('nan'):.0f} ms, "
                  f"{time.monotonic() - t0:.0f} s", flush=True)
    median = statistics.median(starts) if starts else float("nan")
    print(f"each start: kernel process to kernel_info reply; then one library cell (Zoo.table, Display.table) and shutdown")
    print(f"failed={failed} (answered but the cell's output was wrong)")
    print(f"kernel_starts={len(starts)} hangs={hangs} median_start_ms={median:.0f}")
    return 0 if hangs == 0 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
