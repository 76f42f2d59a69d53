from django.contrib.auth.models import AbstractUser

__all__ = ["User"]


class User(AbstractUser):
    """The project's own user model, in place from the first migration so it can grow later
    (e.g. a link to a clinician profile) without a painful swap."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
