"""Whether clinicians' posts need an editor's approval: Blog settings → "Posts need an editor's
approval" (off by default).

Off: no workflow applies to the blog; a clinician publishes (or schedules) their own posts and
is never offered "Submit to …". On: the Wagtail workflow "Editor approval" (one group approval
task for the Editors group) is assigned to each blog index of the site; a clinician then submits
a post ("Submit to Editor approval") and an editor approves it from the dashboard or the post.
Saving the setting assigns or removes the workflow (`apply_approval_setting`, called by
BlogSettings.save).

Wagtail's own default workflow ("Moderators approval" on the root, for the empty Moderators
group) is unassigned by blog migration 0003 when that group has no members."""

from blog.permissions import EDITORS

WORKFLOW_NAME = "Editor approval"
TASK_NAME = "An editor approves"


def blog_indexes(site):
    from blog.models import BlogIndexPage

    return BlogIndexPage.objects.descendant_of(site.root_page, inclusive=True)


def editor_approval_workflow():
    """The "Editor approval" workflow and its one task (the Editors group), created if missing."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    task.groups.add(editors)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def apply_approval_setting(blog_settings):
    """Assign "Editor approval" to the site's blog indexes when the setting is on; remove it
    (and cancel posts waiting in it) when off."""
    from wagtail.models import Workflow, WorkflowPage, WorkflowState

    indexes = list(blog_indexes(blog_settings.site))
    if blog_settings.posts_need_approval:
        workflow = editor_approval_workflow()
        for index in indexes:
            WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
        return
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        return
    WorkflowPage.objects.filter(workflow=workflow, page__in=indexes).delete()
    # Posts already waiting for an editor go back to their authors as drafts they may publish.
    for state in WorkflowState.objects.filter(
        workflow=workflow, status=WorkflowState.STATUS_IN_PROGRESS
    ):
        state.cancel()
    if not WorkflowPage.objects.filter(workflow=workflow).exists():
        workflow.active = False
        workflow.save(update_fields=["active"])


def needs_approval(page):
    """Whether `page` (a blog index or post) is under an active workflow: then only an editor
    publishes it; anyone else submits it for approval."""
    if not page.pk:  # a post being written: its blog index decides (can_publish_subpage)
        return False
    return page.get_workflow() is not None
