"""Wagtail's default workflow, "Moderators approval", sits on the root of the page tree for the
Moderators group, which nobody here belongs to: every page, posts included, offered "Submit to
Moderators approval", a request nobody would ever see. Whether posts need an approval is now
the blog's setting (blog.workflow, "Editor approval" for the Editors group).

Forward: the default workflow is unassigned from the root and deactivated, only when it is the
one Wagtail created (its name, on the root), every group of its tasks has no member, and no page
is waiting in it. Backward: it is active on the root again, as Wagtail made it."""

from django.conf import settings
from django.db import migrations

DEFAULT_WORKFLOW = "Moderators approval"


def unassign_unused_default_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    User = apps.get_model(settings.AUTH_USER_MODEL)

    workflow = Workflow.objects.filter(name=DEFAULT_WORKFLOW, active=True).first()
    if workflow is None:
        return
    on_root = WorkflowPage.objects.filter(workflow=workflow, page__depth=1)
    if not on_root.exists():
        return
    tasks = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow)
    group_ids = list(tasks.values_list("groups", flat=True))
    if User.objects.filter(groups__in=[pk for pk in group_ids if pk]).exists():
        return  # someone moderates: leave the practice's choice alone
    if WorkflowState.objects.filter(workflow=workflow, status="in_progress").exists():
        return
    on_root.delete()
    workflow.active = False
    workflow.save(update_fields=["active"])


def reassign_default_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Page = apps.get_model("wagtailcore", "Page")

    workflow = Workflow.objects.filter(name=DEFAULT_WORKFLOW).first()
    root = Page.objects.filter(depth=1).first()
    if workflow is None or root is None or WorkflowPage.objects.filter(page=root).exists():
        return
    workflow.active = True
    workflow.save(update_fields=["active"])
    WorkflowPage.objects.create(workflow=workflow, page=root)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_approval_setting_and_schedule_date"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(unassign_unused_default_workflow, reassign_default_workflow)]
