"""Imports one module in a fresh Python process and reports, as one JSON line, the time spent in
the import and the peak memory of the process and of the jsii kernel (a node child process that
holds the JavaScript side of every jsii package loaded)."""
import json
import resource
import sys
import time

started = time.perf_counter()
__import__(sys.argv[1])
import_ms = (time.perf_counter() - started) * 1000


def kernel_peak_kb():
    """VmHWM of the jsii kernel process, read while it is still running (None when unknown)."""
    try:
        from jsii._runtime import kernel

        pid = kernel.provider._process._process.pid
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except Exception:  # a runtime without this layout: the figure is left out, not guessed
        return None
    return None


python_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kernel_kb = kernel_peak_kb()
print(json.dumps({"importMs": import_ms, "pythonMaxRssKb": python_kb, "kernelMaxRssKb": kernel_kb}))
