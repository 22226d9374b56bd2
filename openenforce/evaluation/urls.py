"""Staff pages of case-file evaluation: rubrics, campaigns, scoring and settlement."""

from django.urls import path

from openenforce.evaluation import (
    campaign_views,
    recheck_views,
    rectification_views,
    report_views,
    scoring_views,
    views,
)

app_name = "evaluation"

urlpatterns = [
    path("rubrics/", views.rubric_list, name="rubrics"),
    path("rubrics/upload/", views.upload, name="upload"),
    path("rubrics/<int:pk>/", views.rubric_detail, name="rubric"),
    path("rubric-versions/<int:pk>/", views.version_detail, name="version"),
    path("rubric-versions/<int:pk>/rubric.xlsx", views.version_excel, name="version_excel"),
    path("rubric-versions/<int:pk>/publish/", views.publish, name="publish"),
    path("rubric-versions/<int:pk>/discard/", views.discard, name="discard"),
    path("preview/<int:case_id>/", views.preview, name="preview"),
    path("campaigns/", campaign_views.campaign_list, name="campaigns"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/edit/", campaign_views.campaign_edit, name="campaign_edit"),
    path(
        "campaigns/<int:pk>/evaluators/",
        campaign_views.campaign_evaluator,
        name="campaign_evaluator",
    ),
    path("campaigns/<int:pk>/recusals/", campaign_views.campaign_recusal, name="campaign_recusal"),
    path("recusals/<int:pk>/remove/", campaign_views.recusal_remove, name="recusal_remove"),
    path(
        "campaigns/<int:pk>/announce/", campaign_views.campaign_announce, name="campaign_announce"
    ),
    path("campaigns/<int:pk>/draw/", campaign_views.campaign_draw, name="campaign_draw"),
    path("campaigns/<int:pk>/draw.json", campaign_views.campaign_export, name="campaign_export"),
    path(
        "campaigns/<int:pk>/report.<slug:fmt>",
        report_views.campaign_report,
        name="campaign_report",
    ),
    path("campaigns/<int:pk>/publish/", report_views.campaign_publish, name="campaign_publish"),
    path("campaigns/<int:pk>/close/", report_views.campaign_close, name="campaign_close"),
    path("my-files/", campaign_views.my_files, name="my_files"),
    path("assignments/<int:pk>/score/", scoring_views.score_page, name="score"),
    path("files/<int:pk>/settle/", scoring_views.settle_page, name="settle"),
    path("objections/", recheck_views.objections, name="objections"),
    path("files/<int:pk>/objection/", recheck_views.objection_file, name="objection"),
    path(
        "campaigns/<int:pk>/first-round/close/",
        recheck_views.first_round_close,
        name="first_round_close",
    ),
    # rectification notices (整改通知)
    path("rectifications/", rectification_views.notice_list, name="rectifications"),
    path(
        "campaigns/<int:pk>/rectifications/new/",
        rectification_views.notice_create,
        name="rectification_create",
    ),
    path("rectifications/<int:pk>/", rectification_views.notice_detail, name="rectification"),
    path(
        "rectifications/<int:pk>/edit/", rectification_views.notice_edit, name="rectification_edit"
    ),
    path(
        "rectifications/<int:pk>/issue/",
        rectification_views.notice_issue,
        name="rectification_issue",
    ),
    path(
        "rectifications/<int:pk>/reply/",
        rectification_views.notice_reply,
        name="rectification_reply",
    ),
    path(
        "rectifications/<int:pk>/accept/",
        rectification_views.notice_accept,
        name="rectification_accept",
    ),
    path(
        "rectifications/<int:pk>/return/",
        rectification_views.notice_return,
        name="rectification_return",
    ),
    path(
        "rectifications/<int:pk>/notice.pdf",
        rectification_views.notice_pdf,
        name="rectification_pdf",
    ),
    path(
        "rectification-files/<int:pk>/",
        rectification_views.attachment,
        name="rectification_file",
    ),
]
