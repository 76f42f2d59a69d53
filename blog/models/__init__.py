"""The clinicians' blog: index, posts, topics, pinned related posts, comments, blog settings."""

from .comments import *  # noqa: F403
from .index import *  # noqa: F403
from .posts import *  # noqa: F403
from .settings import *  # noqa: F403
