"""pyproject.toml, requirements.lock, environment.yml and .pre-commit-config.yaml agree, and every import is declared.

- every package pyproject.toml declares (runtime and every extra) is pinned in requirements.lock, at a version
  inside the declared range;
- requirements.lock pins every line exactly (name==version, optionally with an environment marker);
- environment.yml names the same packages as pyproject.toml, at the lock's versions;
- the tool versions named in .pre-commit-config.yaml are the lock's;
- every third-party module imported in helpers/, tests/ and bench/ belongs to a declared distribution.

Runs in well under a second and reads no project code (it does not import helpers).
"""

from __future__ import annotations

import ast
import importlib.metadata
import operator
import re
import sys
import tomllib
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"
CONDA_ENV = ROOT / "environment.yml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
SCANNED = ("helpers", "tests", "bench")
CONDA_ONLY = {"python", "pip"}
# conda-forge names that differ from PyPI's beyond PEP 503 normalisation ("_" and "-" already count as one)
CONDA_TO_PYPI: dict[str, str] = {}
REGENERATE = "run `make lock`, then copy the new versions into environment.yml"

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)")
_PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;.*)?")
_SPEC = re.compile(r"\s*(~=|==|!=|<=|>=|<|>)\s*([0-9][0-9A-Za-z.]*)\s*")
_OPS = {"==": operator.eq, "!=": operator.ne, "<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt}


def normalize(name: str) -> str:
    """PEP 503 name: lower case, runs of - _ . as one -."""
    return re.sub(r"[-_.]+", "-", name).lower()


def release(version: str) -> tuple[int, ...]:
    """The numeric release part of a version ("2026.10.19.post1" -> (2026, 10, 19)); enough for our ranges."""
    parts = []
    for piece in version.split("."):
        digits = re.match(r"\d+", piece)
        if not digits:
            break
        parts.append(int(digits.group()))
        if digits.group() != piece:
            break
    return tuple(parts)


def _padded(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    width = max(len(a), len(b))
    return a + (0,) * (width - len(a)), b + (0,) * (width - len(b))


def satisfies(version: str, specifier: str) -> bool:
    """Whether version meets a comma-separated specifier such as ">=2.4.6,<3" (release numbers only)."""
    for clause in filter(None, (c.strip() for c in specifier.split(","))):
        match = _SPEC.fullmatch(clause)
        assert match, f"pyproject.toml: cannot read version specifier {clause!r} (use >=, <, ==, ~= ...)"
        op, bound = match.groups()
        have, want = _padded(release(version), release(bound))
        if op == "~=":
            prefix = len(release(bound)) - 1
            if not (have >= want and have[:prefix] == want[:prefix]):
                return False
        elif not _OPS[op](have, want):
            return False
    return True


@cache
def declared() -> dict[str, tuple[str, str]]:
    """Every distribution pyproject.toml declares: normalised name -> (where, specifier)."""
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    groups = {"dependencies": project.get("dependencies", [])}
    groups |= {f"extra {extra!r}": deps for extra, deps in project.get("optional-dependencies", {}).items()}
    found: dict[str, tuple[str, str]] = {}
    for where, deps in groups.items():
        for dep in deps:
            name, rest = _NAME.fullmatch(dep.split(";", 1)[0]).groups()
            found.setdefault(normalize(name), (where, rest.strip()))
    return found


@cache
def locked() -> dict[str, set[str]]:
    """requirements.lock: normalised name -> versions (more than one only when markers split a package)."""
    pins: dict[str, set[str]] = {}
    for number, line in enumerate(LOCK.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = _PIN.fullmatch(line)
        assert match, f"requirements.lock:{number}: {line!r} is not pinned as name==version; {REGENERATE}"
        pins.setdefault(normalize(match[1]), set()).add(match[2])
    return pins


def conda_pins() -> dict[str, str]:
    """environment.yml's conda packages, by PyPI name -> version."""
    env = yaml.safe_load(CONDA_ENV.read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, _, version = dep.partition("=")
            name = normalize(name.strip())
            if name not in CONDA_ONLY:
                pins[CONDA_TO_PYPI.get(name, name)] = version.strip().lstrip("=")
    return pins


def first_party() -> set[str]:
    """Module names that are the project's own: top-level modules and packages of the repo root and the scanned
    folders (pytest and the bench scripts put those folders on sys.path: conftest, synth, ...)."""
    names = {"helpers"}
    for folder in (ROOT, *(ROOT / d for d in SCANNED)):
        names |= {p.stem for p in folder.glob("*.py")}
        names |= {p.parent.name for p in folder.glob("*/__init__.py")}
    return names


def third_party_imports() -> dict[str, set[str]]:
    """Top-level names of absolute imports in helpers/, tests/, bench/ that are neither stdlib nor the project's."""
    own = first_party()
    found: dict[str, set[str]] = {}
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_bytes(), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.split(".", 1)[0]
                    if top not in sys.stdlib_module_names and top not in own:
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_lock_pins_every_declared_package_inside_its_range():
    pins = locked()
    missing = sorted(name for name in declared() if name not in pins)
    assert not missing, f"declared in pyproject.toml but not pinned in requirements.lock: {missing}; {REGENERATE}"
    outside = {
        name: (f"{where}: {spec}", sorted(pins[name]))
        for name, (where, spec) in declared().items()
        if not all(satisfies(version, spec) for version in pins[name])
    }
    assert not outside, f"requirements.lock pins versions outside pyproject.toml's ranges: {outside}; {REGENERATE}"


def test_lock_is_fully_pinned():
    pins = locked()
    assert len(pins) > len(declared()), "requirements.lock holds no transitive dependencies; " + REGENERATE
    assert "russia-iran-briefing" not in pins, "requirements.lock must not pin the project itself"


def test_conda_environment_matches_pyproject_and_lock():
    conda, pins, wanted = conda_pins(), locked(), set(declared())
    only_conda, only_pyproject = sorted(set(conda) - wanted), sorted(wanted - set(conda))
    assert not only_conda and not only_pyproject, (
        f"environment.yml and pyproject.toml name different packages: only in environment.yml {only_conda}, "
        f"only in pyproject.toml {only_pyproject} (a conda-forge name that differs from PyPI's goes in CONDA_TO_PYPI)"
    )
    drift = {
        name: (version, sorted(pins.get(name, set()))) for name, version in conda.items() if pins.get(name) != {version}
    }
    assert not drift, f"environment.yml versions differ from requirements.lock (conda, lock): {drift}; {REGENERATE}"
    env = yaml.safe_load(CONDA_ENV.read_text())
    pip_section = next((dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict) and "pip" in dep), [])
    assert "-e ." in pip_section, "environment.yml's pip section must install the project with `-e .`"


def test_pre_commit_tools_match_lock():
    named = dict(re.findall(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][0-9A-Za-z.]*)", PRE_COMMIT.read_text()))
    assert {"ruff", "nbstripout"} <= set(named), ".pre-commit-config.yaml must name ruff==X and nbstripout==Y"
    drift = {
        name: (version, sorted(locked().get(normalize(name), set())))
        for name, version in named.items()
        if locked().get(normalize(name)) != {version}
    }
    assert not drift, f".pre-commit-config.yaml names versions other than requirements.lock's (hook, lock): {drift}"


def test_every_import_is_declared():
    owners = importlib.metadata.packages_distributions()
    wanted = set(declared())
    undeclared, unknown = {}, {}
    for module, files in sorted(third_party_imports().items()):
        dists = {normalize(d) for d in owners.get(module, [])}
        if not dists:
            unknown[module] = sorted(files)
        elif not dists & wanted:
            undeclared[f"{module} (from {', '.join(sorted(dists))})"] = sorted(files)
    assert not unknown, (
        f"imported but installed by no distribution in this environment (install it, declare it in "
        f"pyproject.toml and {REGENERATE}): {unknown}"
    )
    assert not undeclared, (
        f"imported but not declared in pyproject.toml (add the distribution to [project] "
        f"dependencies or an extra, then {REGENERATE}): {undeclared}"
    )
