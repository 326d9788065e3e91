from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api import ForceViewSet
from engage.api import (
    CaseViewSet,
    MeetingViewSet,
    PeelGradeViewSet,
    RecommendationViewSet,
    Section55ViewSet,
    SupportLevelViewSet,
)
from kit.views import api_not_found, bad_request, health
from metrics.catalogue.api import DatasetViewSet
from metrics.observations.api import MetricViewSet, ObservationViewSet
from metrics.returns.api import CompletenessView, RecordingChangeViewSet, ReturnViewSet
from neighbourhood.api import AsbRegisterViewSet, UpliftViewSet
from oversight.flags.api import FlagViewSet
from standards.api import StandardsForceViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
# No ".json" twin of each path: the schema publishes none, and JSON is the only format.
router.include_format_suffixes = False
router.register("forces", ForceViewSet, basename="force")
router.register("returns", ReturnViewSet, basename="return")
router.register("datasets", DatasetViewSet, basename="dataset")
router.register("recording-changes", RecordingChangeViewSet, basename="recording-change")
router.register("metrics", MetricViewSet, basename="metric")
router.register("observations", ObservationViewSet, basename="observation")
router.register("flags", FlagViewSet, basename="flag")
router.register("engage/cases", CaseViewSet, basename="engage-case")
router.register("engage/meetings", MeetingViewSet, basename="engage-meeting")
router.register("engage/recommendations", RecommendationViewSet, basename="engage-recommendation")
router.register("engage/peel-grades", PeelGradeViewSet, basename="engage-peel-grade")
router.register("engage/section-55", Section55ViewSet, basename="engage-section-55")
router.register("engage/support-levels", SupportLevelViewSet, basename="engage-support-level")
router.register("standards/forces", StandardsForceViewSet, basename="standards-force")
router.register("neighbourhood/asb-register", AsbRegisterViewSet, basename="neighbourhood-asb")
router.register("neighbourhood/uplift", UpliftViewSet, basename="neighbourhood-uplift")

api_v1 = [
    # Published paths, without a trailing slash.
    path("returns/validate", ReturnViewSet.as_view({"post": "validate"}), name="return-validate"),
    path("returns/<int:pk>/file", ReturnViewSet.as_view({"get": "file"}), name="return-file"),
    path("completeness/", CompletenessView.as_view(), name="completeness"),
    *router.urls,
]


handler400 = bad_request

urlpatterns = [
    path("health/", health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("", include("metrics.returns.urls")),
    path("", include("oversight.urls")),
    path("", include("engage.urls")),
    path("", include("standards.urls")),
    path("", include("neighbourhood.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The start script is fetched from this URL with ?script, so no inline script is needed.
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    re_path(r"^api/", api_not_found),
]
