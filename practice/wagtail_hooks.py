from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from practice.reports import ClinicalReviewsDueView, ClinicalReviewsPanel, user_can_see_reviews


@hooks.register("register_admin_urls")
def register_clinical_review_report_urls():
    return [
        path(
            "reports/clinical-reviews/",
            ClinicalReviewsDueView.as_view(),
            name="clinical_reviews_due",
        ),
        path(
            "reports/clinical-reviews/results/",
            ClinicalReviewsDueView.as_view(results_only=True),
            name="clinical_reviews_due_results",
        ),
    ]


class ClinicalReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_see_reviews(request.user)


@hooks.register("register_reports_menu_item")
def register_clinical_review_report_menu_item():
    return ClinicalReviewsMenuItem(
        "Clinical reviews due",
        reverse("clinical_reviews_due"),
        name="clinical-reviews-due",
        icon_name="warning",
        order=50,
    )


@hooks.register("construct_homepage_panels")
def add_clinical_reviews_panel(request, panels):
    if user_can_see_reviews(request.user):
        panels.append(ClinicalReviewsPanel())
