"""The package layout: area submodules that mirror the C++ areas (every public name of offload._core in exactly
one, the same object re-exported at the top level), the C++ submodules importable by name, __version__ from the
CMake project version, py.typed and type stubs with an entry for every public callable."""
import ast
import importlib
import pathlib
import re
import types

import pytest

import offload
from offload import _areas

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = pathlib.Path(offload.__file__).resolve().parent
CPP_SUBMODULES = ("sim", "planning", "zoo", "presets")


def _public(mod):
    return {name for name in vars(mod) if not name.startswith("_")}


def test_every_core_name_is_in_exactly_one_area():
    core = {name for name in _public(offload._core) if not isinstance(getattr(offload._core, name), types.ModuleType)}
    assigned = [name for names in _areas.AREAS.values() for name in names]
    duplicates = sorted({n for n in assigned if assigned.count(n) > 1})
    assert not duplicates, duplicates
    missing = sorted(core - set(assigned) - set(_areas.TOP_LEVEL_ONLY))
    assert not missing, f"names of offload._core in no area (add them to offload/_areas.py): {missing}"
    stale = sorted(set(assigned) - core - set(_areas.EXTRA_NAMES))
    assert not stale, f"names in offload/_areas.py that offload._core does not define: {stale}"


@pytest.mark.parametrize("area", sorted(_areas.AREAS))
def test_area_submodule_reexports_the_same_objects(area):
    mod = importlib.import_module("offload." + area)
    assert getattr(offload, area) is mod
    assert sorted(mod.__all__) == sorted(_areas.AREAS[area])  # every name of the table is there
    for name in _areas.AREAS[area]:
        assert getattr(mod, name) is getattr(offload, name), f"offload.{area}.{name} is not offload.{name}"
    assert (mod.__doc__ or "").strip()


def test_everyday_names_at_the_top_and_in_their_area():
    assert offload.MM1 is offload.queues.MM1
    assert offload.ServiceDemand is offload.pipelines.ServiceDemand
    assert offload.find_crossovers is offload.crossover.find_crossovers
    assert offload.Conv2d is offload.dnn.Conv2d and offload.dnn.zoo is offload.zoo
    assert offload.dnn.presets is offload.presets and offload.dnn.from_torch is offload.from_torch
    assert offload.OptionKind is offload.decision.OptionKind
    assert offload.SlidingWindowRate is offload.policy.SlidingWindowRate
    assert offload.Scenario is offload.advisor.Scenario


@pytest.mark.parametrize("name", CPP_SUBMODULES)
def test_cpp_submodules_import_by_name(name):
    mod = importlib.import_module("offload." + name)
    assert mod is getattr(offload._core, name) and getattr(offload, name) is mod


def test_version_is_the_cmake_project_version():
    text = (ROOT / "CMakeLists.txt").read_text()
    version = re.search(r"project\(\s*offload\s+VERSION\s+([0-9.]+)", text).group(1)
    assert offload.__version__ == version
    assert "__version__" in dir(offload)


def test_py_typed_and_stubs_ship_with_the_package():
    assert (PACKAGE / "py.typed").is_file()
    for name in ("_core",) + CPP_SUBMODULES:
        ast.parse((PACKAGE / f"{name}.pyi").read_text(), filename=f"{name}.pyi")


def _stub_entries(path):
    """{top-level name: set of member names} of a stub file."""
    tree = ast.parse(path.read_text())
    out = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            members = out.setdefault(node.name, set())
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef):
                        members.add(item.name)
                    elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        members.add(item.target.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out.setdefault(node.target.id, set())
    return out


@pytest.mark.parametrize("name", ("_core",) + CPP_SUBMODULES)
def test_every_public_callable_has_a_stub_entry(name):
    mod = offload._core if name == "_core" else getattr(offload._core, name)
    stubs = _stub_entries(PACKAGE / f"{name}.pyi")
    missing = []
    for attr, obj in vars(mod).items():
        if attr.startswith("_") or isinstance(obj, types.ModuleType):
            continue
        if attr not in stubs:
            missing.append(attr)
            continue
        if isinstance(obj, type):
            for member, value in vars(obj).items():
                if member.startswith("_") and member != "__init__":
                    continue
                # pybind11's functions and properties (a class without a constructor has CPython's slot
                # wrapper __init__, which raises: no stub entry for it)
                if type(value).__name__ == "instancemethod" or isinstance(value, (property, staticmethod)):
                    if member not in stubs[attr]:
                        missing.append(f"{attr}.{member}")
    assert not missing, missing


def test_stub_signatures_carry_names_and_types():
    tree = ast.parse((PACKAGE / "_core.pyi").read_text())
    funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    # a plain function: keyword names and annotations come from pybind11's docstring signature
    fn = funcs["offload_response_quantile"] if "offload_response_quantile" in funcs else next(iter(funcs.values()))
    assert all(a.annotation is not None for a in fn.args.args)
    init = [n for n in classes["MM1"].body if isinstance(n, ast.FunctionDef) and n.name == "__init__"]
    assert init and [a.arg for a in init[0].args.args][:3] == ["self", "arrival_rate", "mean_service_time"]
    # a compiled vectorised function keeps its keyword names in the stub
    assert [a.arg for a in funcs["offload_mean_latency"].args.args][:3] == [
        "arrival_rate", "remote_mean_seconds", "bandwidth"]
