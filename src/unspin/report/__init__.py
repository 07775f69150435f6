"""Views of a Report: JSON (``unspin.report/1``), the terminal (rich) and a self-contained HTML page.

``render`` holds the three views; ``templates/`` the Jinja template of the HTML page (escaped).
"""

from .render import render_html, render_terminal, to_json

__all__ = ["render_html", "render_terminal", "to_json"]
