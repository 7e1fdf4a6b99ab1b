"""requirements.txt (pip) and environment.yml (conda) must name the same packages and versions."""

import re

import yaml

from helpers import paths

CONDA_ONLY = {"python", "pip"}


def _pip_pins() -> dict[str, str]:
    pins = {}
    for line in (paths.PROJ_ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = re.fullmatch(r"([A-Za-z0-9_.-]+)==([\w.]+)", line).groups()
            pins[name.lower()] = version
    return pins


def _conda_pins() -> dict[str, str]:
    env = yaml.safe_load((paths.PROJ_ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, _, version = dep.partition("=")
            if name not in CONDA_ONLY:
                pins[name.lower()] = version
    return pins


def test_every_requirement_is_pinned_exactly():
    assert _pip_pins(), "requirements.txt lists no packages"


def test_pip_and_conda_agree():
    pip, conda = _pip_pins(), _conda_pins()
    assert set(pip) == set(conda), f"only in pip: {set(pip) - set(conda)}; only in conda: {set(conda) - set(pip)}"
    drift = {name: (pip[name], conda[name]) for name in pip if pip[name] != conda[name]}
    assert not drift, f"versions differ (pip, conda): {drift}"
