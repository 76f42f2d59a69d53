"""Therapy explainers, conditions treated and the populations therapies help."""

from .clinicians import *  # noqa: F403
from .conditions import *  # noqa: F403
from .snippets import *  # noqa: F403
from .therapies import *  # noqa: F403
