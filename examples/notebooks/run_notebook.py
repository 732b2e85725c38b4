#!/usr/bin/python3
"""Execute a notebook top to bottom and fail on the first cell error (the ctest `python.notebook`).

Usage: /usr/bin/python3 examples/notebooks/run_notebook.py NOTEBOOK.ipynb [WORKDIR] [--output OUT.ipynb]
                                                                  [--check-outputs]

The kernel is started with this very interpreter (sys.executable, e.g. Debian's /usr/bin/python3), never
whatever `python3` is first on PATH or a user-level kernelspec named python3. Cells run in WORKDIR (default: a
fresh temporary directory), so nothing is written next to the notebook; the notebook file is not modified
unless --output names it. The environment (PYTHONPATH pointing at <build>/python) is passed on to the kernel.
Needs Debian's python3-nbclient and python3-ipykernel.

After the run, what the notebook SHOWS is checked: no text output may contain "<bound method" or a NaN.
  --output OUT.ipynb  writes the executed notebook (outputs and figures) to OUT.ipynb; with OUT = NOTEBOOK it
                      refreshes the committed copy (see docs/python.md).
  --check-outputs     the text each code cell printed must equal the text committed in NOTEBOOK.ipynb (the
                      committed notebook is stored executed): a changed number fails with both versions shown.
"""
import re
import os
import sys
import tempfile

import nbformat
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


class ThisInterpreterKernel(KernelManager):
    """An IPython kernel run by sys.executable, whatever kernelspecs are installed."""

    @property
    def kernel_spec(self):
        return KernelSpec(argv=[sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher",
                                "-f", "{connection_file}"],
                          display_name=f"Python ({sys.executable})", language="python")


def text_outputs(cell):
    """The text a code cell shows: stdout and text/plain results (figures, HTML and stderr left out)."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":  # stderr: timings, warnings
            parts.append(out.get("text", ""))
        elif out.get("output_type") in ("execute_result", "display_data"):
            parts.append(out.get("data", {}).get("text/plain", ""))
        elif out.get("output_type") == "error":
            parts.append("\n".join(out.get("traceback", [])))
    return "".join("".join(p) if isinstance(p, list) else p for p in parts)


# matplotlib's "<Figure size 700x400 with 1 Axes>" reprs are not results
_FIGURE_REPR = re.compile(r"<(Figure|matplotlib\.\w+[\w.]*) [^>]*>")
_NAN = re.compile(r"(?<![\w.])nan(?![\w])", re.IGNORECASE)


def shown_defects(cells):
    """What a reader must never see: a bound method where a name was meant, or a NaN."""
    defects = []
    for index, cell in cells:
        text = text_outputs(cell)
        if "<bound method" in text:
            defects.append(f"cell {index}: prints a bound method: {text.strip()[:200]}")
        if _NAN.search(text):
            defects.append(f"cell {index}: prints NaN: {text.strip()[:200]}")
    return defects


def main(argv):
    args, output, check = [], None, False
    rest = iter(argv[1:])
    for a in rest:
        if a == "--output":
            output = next(rest, None)
            if output is None:
                print("run_notebook: --output needs a file name", file=sys.stderr)
                return 2
        elif a == "--check-outputs":
            check = True
        elif a.startswith("--"):
            print(f"run_notebook: unknown option {a!r}\n{__doc__}", file=sys.stderr)
            return 2
        else:
            args.append(a)
    if len(args) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    path = args[0]
    notebook = nbformat.read(path, as_version=4)
    committed = {i: text_outputs(c) for i, c in enumerate(notebook.cells) if c.cell_type == "code"}
    # the kernel runs in another directory: make PYTHONPATH absolute; quiet the debugger's frozen-modules note
    paths = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in paths.split(os.pathsep) if p)
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    with tempfile.TemporaryDirectory(prefix="offload-notebook-") as scratch:
        workdir = args[1] if len(args) == 2 else scratch
        os.makedirs(workdir, exist_ok=True)
        client = NotebookClient(notebook, timeout=600, km=ThisInterpreterKernel(),
                                resources={"metadata": {"path": workdir}})
        try:
            client.execute()
        except CellExecutionError as error:
            print(f"{path}: a cell failed:\n{error}", file=sys.stderr)
            return 1
    cells = [(i, c) for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
    failures = shown_defects(cells)
    if check:
        for i, cell in cells:
            now, before = text_outputs(cell), committed.get(i, "")
            if now != before:
                failures.append(f"cell {i}: shows\n{now}\nbut the committed notebook shows\n{before}\n"
                                f"(refresh it with --output {path} if the change is intended)")
    if output:
        nbformat.write(notebook, output)
        print(f"{path}: executed copy written to {output}")
    if failures:
        print(f"{path}: " + "\n".join(failures), file=sys.stderr)
        return 1
    print(f"{path}: {len(cells)} code cells ran without error and show no bound method or NaN"
          + (", text outputs as committed" if check else "") + f" (kernel: {sys.executable})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
