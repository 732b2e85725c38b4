"""`pip install --no-build-isolation .` into a fresh virtual environment (created with --system-site-packages, so
numpy comes from Debian), then `import offload` from a directory outside the source tree and a smoke check.

    /usr/bin/python3 tests/python/check_pip_install.py <source dir> <scratch dir>

The scratch directory is wiped first. pyproject.toml's in-tree backend configures the project and builds only the
Python extension (ccache when available, OFFLOAD_BUILD_JOBS=2), so this takes one build of _core: it is the
ctest test python.pip_install, labelled `pip` (ctest -L pip runs it, -LE pip skips it).
"""
import os
import pathlib
import shutil
import subprocess
import sys
import venv


def main(source, scratch):
    source, scratch = pathlib.Path(source).resolve(), pathlib.Path(scratch).resolve()
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    env_dir = scratch / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the build tree's package must not shadow the installed one
    env.setdefault("OFFLOAD_BUILD_JOBS", "2")
    env["OFFLOAD_BUILD_DIR"] = str(scratch / "build")
    subprocess.run([python, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps", "-v",
                    str(source)], check=True, env=env, cwd=scratch)
    smoke = (
        "import pathlib, sys, offload\n"
        "package = pathlib.Path(offload.__file__).resolve().parent\n"
        f"assert package.is_relative_to(pathlib.Path({str(env_dir)!r}).resolve()), package\n"
        "assert (package / 'py.typed').is_file() and (package / '_core.pyi').is_file()\n"
        "assert offload.__version__.count('.') == 2, offload.__version__\n"
        "q = offload.MM1(arrival_rate=2.0, mean_service_time=0.1)\n"
        "r = q.mean_response() if callable(q.mean_response) else q.mean_response\n"
        "assert abs(r - 0.125) < 1e-12, r\n"
        "assert offload.queues.MM1 is offload.MM1 and offload.dnn.Conv2d is offload.Conv2d\n"
        "print('offload', offload.__version__, 'installed in', package)\n")
    subprocess.run([python, "-c", smoke], check=True, env=env, cwd=scratch)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
