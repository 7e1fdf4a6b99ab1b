"""The one exception type that means "the analyst's input is wrong", not "the code is wrong"."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input: the CLI prints it as one `error: <path>: <problem>` line and exits with status 2.

    `path` is the file to fix, or None when the mistake is in a command-line option.
    """

    def __init__(self, path: Path | str | None, problem: str):
        self.path = Path(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.display_path}: {problem}" if self.path is not None else problem)

    @property
    def display_path(self) -> str:
        from helpers.paths import PROJ_ROOT

        if self.path is None:
            return ""
        try:
            return str(self.path.resolve().relative_to(PROJ_ROOT))
        except (ValueError, OSError, RuntimeError):  # outside the project, or a link that cannot be resolved
            return str(self.path)

    def __reduce__(self):  # survive the trip back from a worker process
        return (InputError, (self.path, self.problem))
