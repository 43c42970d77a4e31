#!/usr/bin/env python3
"""Runs or clears the notebooks (called by scripts/run-notebooks.sh, inside .venv-notebooks).

  notebooks.py run --kernel NAME --out DIR NB.ipynb...   execute each headless (nbclient), write the executed
                                                        copy to DIR, one line per notebook with its time;
                                                        exit 1 on any cell error or on a committed output
  notebooks.py clear NB.ipynb...                         strip outputs and execution counts in place
  notebooks.py check NB.ipynb...                         exit 1 if any notebook holds outputs
"""
import argparse
import re
import sys
import time
from pathlib import Path

import nbformat


def dirty(nb) -> bool:
    return any(c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None) for c in nb.cells)


def clear(nb):
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = []
            c.execution_count = None
            c.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nb


def run(args) -> int:
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    spec = KernelSpecManager().get_kernel_spec(args.kernel)
    kernel_python = Path(spec.argv[0])
    if kernel_python.absolute().parent != Path(sys.executable).absolute().parent:  # the kernel must run in this venv
        print(f"notebooks: kernel {args.kernel} runs {kernel_python}, not this environment's {sys.executable}", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    failed = []
    for path in map(Path, args.notebooks):
        nb = nbformat.read(path, as_version=4)
        if dirty(nb):
            print(f"  {path.name:34s}  FAILED: committed with outputs (run scripts/notebooks.py clear {path})")
            failed.append(path.name)
            continue
        client = NotebookClient(nb, timeout=args.timeout, kernel_name=args.kernel, allow_errors=False,
                                extra_arguments=["--IPKernelApp.log_level=ERROR"],
                                resources={"metadata": {"path": str(path.resolve().parent)}})
        t0 = time.monotonic()
        error = None
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
            error = e
        finally:
            nbformat.write(nb, out / path.name)
        dt = time.monotonic() - t0
        if error is None:
            print(f"  {path.name:34s} {dt:7.1f} s  ok")
        else:
            print(f"  {path.name:34s} {dt:7.1f} s  FAILED (executed copy: {out / path.name})")
            text = re.sub(r"\x1b\[[0-9;]*m", "", str(error)).strip()  # without the traceback's colours
            print("\n".join("      " + line for line in text.splitlines()[-25:]), file=sys.stderr)
            failed.append(path.name)
    if failed:
        print(f"notebooks: {len(failed)} failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--kernel", default="python3")
    r.add_argument("--out", required=True)
    r.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    r.add_argument("notebooks", nargs="+")
    for name in ("clear", "check"):
        sub.add_parser(name).add_argument("notebooks", nargs="+")
    args = p.parse_args()
    if args.cmd == "run":
        return run(args)
    bad = 0
    for path in map(Path, args.notebooks):
        nb = nbformat.read(path, as_version=4)
        if args.cmd == "clear":
            if dirty(nb) or "widgets" in nb.metadata:
                nbformat.write(clear(nb), path)
                print("cleared", path)
        elif dirty(nb):
            print(f"{path}: has outputs (scripts/notebooks.py clear {path})", file=sys.stderr)
            bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main())
