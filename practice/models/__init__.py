"""The practice's site-wide models. Each module exports its names in `__all__`."""

from .base import *  # noqa: F403
from .cache import *  # noqa: F403
from .clinician_data import *  # noqa: F403
from .consultation_requests import *  # noqa: F403
from .contact import *  # noqa: F403
from .fees import *  # noqa: F403
from .images import *  # noqa: F403
from .mixins import *  # noqa: F403
from .pages import *  # noqa: F403
from .rate_limit import *  # noqa: F403
from .settings import *  # noqa: F403
from .team import *  # noqa: F403
from .users import *  # noqa: F403
