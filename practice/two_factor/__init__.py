"""A second factor for staff: a one-time code (TOTP) from an authenticator app after the password.

Editors and admins (and anyone else who reaches the admin other than through the Clinicians group
alone) must give one whenever STAFF_TWO_FACTOR is on, as it is under the production settings;
clinicians too when Practice details → Staff sign-in says so. Built on django-otp: its TOTP
devices (throttled: each wrong code doubles the wait before the next try) and its static devices
for the ten single-use recovery codes. The middleware (middleware.py) keeps every admin URL closed
until the code is given; the screens are in views.py; `manage.py reset_second_factor` removes a
user's devices so they set the factor up again.
"""

from django.conf import settings

# The group blog.permissions.CLINICIANS names (practice/ never imports blog/: the name is the
# contract, and tests/practice/test_two_factor.py checks the two agree).
CLINICIANS_GROUP = "Clinicians"


def clinicians_must_use_second_factor():
    """True when any site's Practice details asks clinicians for the second factor."""
    from practice.models import PracticeSettings

    return PracticeSettings.objects.filter(require_clinician_two_factor=True).exists()


def must_use_second_factor(user):
    """Whether this signed-in user has to give a one-time code before the admin opens.

    Deny by default: every admin user needs it except one whose only way in is the Clinicians
    group, who needs it when the practice switches it on.
    """
    if not getattr(settings, "STAFF_TWO_FACTOR", False) or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    groups = {group.name for group in user.groups.all()}
    if groups == {CLINICIANS_GROUP} and not user.user_permissions.exists():
        return clinicians_must_use_second_factor()
    return user.has_perm("wagtailadmin.access_admin")
