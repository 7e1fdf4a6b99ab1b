"""Importing the library changes nothing: no patched modules, no plotly defaults, until a chart is drawn."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import plotly.io as pio
before = (pio.templates.default, pio.renderers.default)
import helpers, helpers.cli, helpers.present.briefing, helpers.present.charts, helpers.publish.slides
assert "rfc3987_syntax" not in sys.modules or sys.modules["rfc3987_syntax"] is not None, "sys.modules patched"
assert (pio.templates.default, pio.renderers.default) == before, "plotly defaults changed on import"
from helpers.present import charts
charts.empty_figure()
assert pio.templates.default == "briefing", "the first chart puts the briefing look in place"
print("ok")
"""


def test_importing_helpers_has_no_side_effects():
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, env={"PATH": ""})
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
