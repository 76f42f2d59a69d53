"""The clinicians' blog: index, posts, topics, pinned related posts, comments, blog settings."""

from .comments import *  # noqa: F403
from .pages import *  # noqa: F403
from .settings import *  # noqa: F403
