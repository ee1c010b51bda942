"""trustgrid: the interactive Building Trust course, as a small Python package.

Notebooks call it in one-line cells; the course content itself lives in data/.
"""

__version__ = "0.1.0"
