"""A tiny in-tree PEP 517 build backend for `pip install --no-build-isolation .` (pyproject.toml).

It needs nothing that Debian's python3 does not ship (no setuptools, no scikit-build): it configures the
project with CMake (only the Python extension: tests, examples, benchmarks off), builds the `_core` target,
installs the `python` component into a staging directory and zips that into a wheel. The version is read from
`project(offload VERSION x.y.z)` in the top-level CMakeLists.txt, the one source of truth (CMake writes the
same version into offload/_version.py).

Environment: OFFLOAD_BUILD_DIR (a persistent build directory, default a temporary one; one that is already
configured is reused as it is, e.g. a developer's build tree), OFFLOAD_BUILD_JOBS
(parallel jobs, default 2), OFFLOAD_CMAKE_ARGS (extra configure arguments, split on spaces). ccache is used
when it is on PATH.
"""
import base64
import hashlib
import os
import pathlib
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[3]
NAME = "offload"


def _version():
    text = (ROOT / "CMakeLists.txt").read_text()
    match = re.search(r"project\(\s*offload\s+VERSION\s+([0-9][0-9.]*)", text)
    if not match:
        raise RuntimeError("offload build backend: no `project(offload VERSION x.y.z)` in CMakeLists.txt")
    return match.group(1)


def _tag():
    impl = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{impl}-{impl}-{platform}"


def _metadata(version):
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {version}\n"
            "Summary: Analytic models for on-device vs edge vs cloud inference offloading decisions\n"
            "Requires-Python: >=3.9\nRequires-Dist: numpy\n")


def _run(cmd):
    print("offload build backend:", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True)


def _build(stage):
    build_dir = os.environ.get("OFFLOAD_BUILD_DIR")
    temporary = None
    if not build_dir:
        temporary = tempfile.mkdtemp(prefix="offload-wheel-build-")
        build_dir = temporary
    try:
        # a build directory that is already configured is reused as it is (its options, its objects)
        if temporary or not (pathlib.Path(build_dir) / "CMakeCache.txt").is_file():
            generator = "Ninja" if shutil.which("ninja") else "Unix Makefiles"
            configure = ["cmake", "-S", ROOT, "-B", build_dir, "-G", generator, "-DCMAKE_BUILD_TYPE=Release",
                         "-DOFFLOAD_BUILD_PYTHON=ON", "-DOFFLOAD_BUILD_TESTS=OFF", "-DOFFLOAD_BUILD_EXAMPLES=OFF",
                         "-DOFFLOAD_BUILD_BENCHMARKS=OFF", "-DOFFLOAD_BUILD_TOOLS=OFF", "-DOFFLOAD_VERIFY_HEADERS=OFF",
                         f"-DPython_EXECUTABLE={sys.executable}", "-DOFFLOAD_PYTHON_INSTALL_DIR=."]
            if shutil.which("ccache"):
                configure.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
            configure += os.environ.get("OFFLOAD_CMAKE_ARGS", "").split()
            _run(configure)
        _run(["cmake", "--build", build_dir, "--target", "offload_python_core", "-j",
              os.environ.get("OFFLOAD_BUILD_JOBS", "2")])
        # OFFLOAD_PYTHON_INSTALL_DIR may be anything in a reused build directory: install under a scratch
        # prefix and take the package directory that holds __init__.py and _core.
        _run(["cmake", "--install", build_dir, "--component", "python", "--prefix", stage])
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _version()
    tag = _tag()
    dist_info = f"{NAME}-{version}.dist-info"
    wheel_name = f"{NAME}-{version}-{tag}.whl"
    with tempfile.TemporaryDirectory(prefix="offload-wheel-stage-") as stage:
        _build(stage)
        found = [p.parent for p in pathlib.Path(stage).rglob(f"{NAME}/__init__.py")]
        if len(found) != 1:
            raise RuntimeError(f"offload build backend: the install produced {len(found)} {NAME}/__init__.py")
        package = found[0]
        files = {}
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[f"{NAME}/" + path.relative_to(package).as_posix()] = path.read_bytes()
        files[f"{dist_info}/METADATA"] = _metadata(version).encode()
        files[f"{dist_info}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: offload_build_backend\nRoot-Is-Purelib: false\n"
                                       f"Tag: {tag}\n").encode()
        files[f"{dist_info}/top_level.txt"] = f"{NAME}\n".encode()
        record = [_record_line(name, data) for name, data in files.items()] + [f"{dist_info}/RECORD,,"]
        files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
        out = pathlib.Path(wheel_directory) / wheel_name
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as wheel:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                info.external_attr = (0o755 if name.endswith(".so") else 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                wheel.writestr(info, data)
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    raise NotImplementedError("offload build backend: no sdist (build from a git checkout)")
