"""ctest python.installed_import: the package installed by `cmake --install --component python` imports in a
fresh interpreter, from another directory, without the build tree on its path; and the directory a real install
(no DESTDIR) would use is on that interpreter's default sys.path, so `import offload` works in a notebook.

Usage: check_install.py STAGE PREFIX RELATIVE_DIR
  STAGE         the DESTDIR the test installed into
  PREFIX        CMAKE_INSTALL_PREFIX (absolute)
  RELATIVE_DIR  OFFLOAD_PYTHON_INSTALL_DIR, e.g. lib/python3.11/dist-packages
"""
import os
import subprocess
import sys
import tempfile


def main(stage, prefix, relative):
    target = os.path.normpath(os.path.join(prefix, relative))   # where a real install puts the package
    staged = os.path.normpath(stage + target)                    # where this test's DESTDIR install put it
    for name in ("__init__.py", "torch_import.py", "_version.py", "_areas.py", "queues.py", "dnn.py", "py.typed",
                 "_core.pyi", "sim.pyi", "planning.pyi"):
        path = os.path.join(staged, "offload", name)
        assert os.path.isfile(path), f"not installed: {path}"
    cores = [f for f in os.listdir(os.path.join(staged, "offload")) if f.startswith("_core") and f.endswith(".so")]
    assert len(cores) == 1, f"expected one _core*.so in {staged}/offload, found {cores}"

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    with tempfile.TemporaryDirectory(prefix="offload-import-") as elsewhere:
        default_path = subprocess.run([sys.executable, "-c", "import sys; print('\\n'.join(sys.path))"], cwd=elsewhere,
                                      env=env, check=True, capture_output=True, text=True).stdout.split("\n")
        if prefix in ("/usr/local", "/usr"):
            assert target in default_path, f"{target} is not on {sys.executable}'s sys.path: {default_path}"
        probe = ("import numpy as np, offload\n"
                 "print(offload.__file__)\n"
                 "print(offload.MM1(2, 0.1).mean_response())\n"
                 "print(float(offload.offload_mean_latency(2.0, 0.0008488, np.array([625000.0]), 12000, 4000)[0]))\n"
                 "print(offload.default_scenario().workloads[0].name)\n"
                 "import offload.sim, offload.planning\n"
                 "assert offload.queues.MM1 is offload.MM1 and offload.__version__\n")
        out = subprocess.run([sys.executable, "-c", probe], cwd=elsewhere, env=dict(env, PYTHONPATH=staged),
                             check=True, capture_output=True, text=True).stdout.split()
    assert out[0].startswith(staged + os.sep), f"imported {out[0]}, not the installed copy under {staged}"
    assert float(out[1]) == 0.125
    # the advisor's hand-checked RTX 4070 figure for MobileNetV2 on the TX2 at 5 Mbit/s: 27.299226 ms
    assert abs(float(out[2]) * 1e3 - 27.299226) < 1e-6, out[2]
    assert out[3] == "mobilenet_v2"
    print(f"installed package at {staged} imports from another directory; {target} is on the default sys.path")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
