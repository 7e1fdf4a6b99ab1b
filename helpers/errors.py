"""The one exception type that means "the analyst's input is wrong", not "the code is wrong"."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input: the CLI prints it as one line and exits with status 2."""

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.display_path}: {problem}")

    @property
    def display_path(self) -> str:
        from helpers.paths import PROJ_ROOT

        try:
            return str(self.path.resolve().relative_to(PROJ_ROOT))
        except ValueError:
            return str(self.path)

    def __reduce__(self):  # survive the trip back from a worker process
        return (InputError, (self.path, self.problem))
