"""`import offload` under an interpreter without numpy fails at once with a message that says what to do.

The pyenv `python3` on this project's machines has no numpy; the extension itself imports, so without this
check the first vectorised call would fail far from the cause ("No module named numpy").
"""
import subprocess
import sys


def test_import_without_numpy_names_the_interpreter_and_the_fix():
    code = (
        "import sys\n"
        "sys.modules['numpy'] = None  # makes `import numpy` raise ImportError, as on an interpreter without it\n"
        "import offload\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "ImportError: offload needs numpy" in run.stderr
    assert sys.executable in run.stderr
    assert "/usr/bin/python3" in run.stderr
