#!/usr/bin/python3
"""Execute a notebook top to bottom and fail on the first cell error (the ctest `python.notebook`).

Usage: /usr/bin/python3 examples/notebooks/run_notebook.py NOTEBOOK.ipynb [WORKDIR]

The kernel is started with this very interpreter (sys.executable, e.g. Debian's /usr/bin/python3), never
whatever `python3` is first on PATH or a user-level kernelspec named python3. Cells run in WORKDIR (default: a
fresh temporary directory), so nothing is written next to the notebook; the notebook file is not modified.
The environment (PYTHONPATH pointing at <build>/python) is passed on to the kernel.
Needs Debian's python3-nbclient and python3-ipykernel.
"""
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


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    notebook = nbformat.read(argv[1], as_version=4)
    # the kernel runs in another directory: make PYTHONPATH absolute; quiet the debugger's frozen-modules note
    paths = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in paths.split(os.pathsep) if p)
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    with tempfile.TemporaryDirectory(prefix="offload-notebook-") as scratch:
        workdir = argv[2] if len(argv) == 3 else scratch
        os.makedirs(workdir, exist_ok=True)
        client = NotebookClient(notebook, timeout=600, km=ThisInterpreterKernel(),
                                resources={"metadata": {"path": workdir}})
        try:
            client.execute()
        except CellExecutionError as error:
            print(f"{argv[1]}: a cell failed:\n{error}", file=sys.stderr)
            return 1
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    print(f"{argv[1]}: {len(cells)} code cells ran without error (kernel: {sys.executable})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
