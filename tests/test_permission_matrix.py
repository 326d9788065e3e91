"""Who may do what at every address of the service: every URL pattern and every operation of
the OpenAPI schema, asked by each persona about force A's objects, against one table of what
each persona must get (DESIGN section 2; the policy itself is accounts/access.py).

The table is written out by hand, not worked out from the policy, so that it checks the policy
rather than repeats it. An address missing from it fails `test_every_address_is_in_the_table`:
no page, download or operation is added without deciding who may use it.
"""

import copy
import functools
import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, resolve, reverse
from drf_spectacular.generators import SchemaGenerator

from accounts.models import AuditEvent
from accounts.services import audit_record, token_create
from forces.models import Force
from metrics.datasets import DATASETS
from metrics.models import Return
from metrics.returns.services import return_process, return_submit
from tests.accounts.factories import (
    AccessAttemptFactory,
    AccessFailureLogFactory,
    AccessLogFactory,
)
from tests.conftest import ensure_reference_data
from tests.conftest import persona as persona_user
from tests.engage.factories import (
    ActionFactory,
    CriterionFactory,
    DecisionFactory,
    DocumentFactory,
    PeelGradeFactory,
    PlanActionFactory,
    RecommendationFactory,
    ResponseFactory,
    SupportDecisionFactory,
)
from tests.metrics.conftest import emergency_calls_file
from tests.metrics.factories import (
    CollectionStartFactory,
    MetricTargetFactory,
    RecordingChangeFactory,
    ReturnReminderFactory,
)
from tests.neighbourhood.factories import AsbActionPlanFactory, AsbLeadFactory
from tests.oversight.factories import FlagFactory, ReturnFlagFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PERSONAS = (
    "anonymous",
    "analyst",
    "inspector",
    "pcc_a",
    "pcc_b",
    "officer_a",
    "officer_b",
    "administrator",
)

# Each row: an address, a method, and what each persona gets there, in the order of PERSONAS.
#
# The address is a URL name (an unnamed pattern by its route; the API by operation id), with
# "[return-flag]" after it where it is asked about force A's return flag instead of its
# performance flag. "{a,b}" stands for a row each for a and b, "admin:<app>_<model>_*" for a
# row each for the model's admin pages (the changelist, add, change, history and delete pages,
# and the redirect to its change page), but those with a row of their own.
#
# Methods: GET is asked as HEAD too, which must answer the same. CSV is GET ?format=csv, the
# page's table as a download. POST, PATCH (and PUT, DELETE) are sent with an empty body, and
# only to the personas refused: a valid request's success is the subject of each app's tests.
#
# What each gets:
#   ok      2xx, or a redirect elsewhere than a sign-in page (unsafe methods: not sent)
#   noop    as ok, and sent whatever the method: it answers, and nothing changes
#   sees    200 naming force A: its objects are shown (CSV: in the download)
#   hides   200 naming nothing of force A: out of the persona's scope (CSV: the download)
#   file    200, a download (Content-Disposition: attachment)
#   login   a redirect to the sign-in page; admin: to the admin's sign-in page
#   400 401 403 404 405   that status (404 also for what is out of scope, as if missing)
#
# No request here writes anything but the audit log, sign-in records and sessions.
MATRIX = """
# address                                   method anon  analy insp  pcc_a pcc_b off_a off_b admin
# The service's own, before signing in and after
health                                      GET    ok    ok    ok    ok    ok    ok    ok    ok
health                                      CSV    400   400   400   400   400   400   400   400
health                                      POST   ok    ok    ok    ok    ok    ok    ok    ok
login                                       GET    ok    ok    ok    ok    ok    ok    ok    ok
login                                       CSV    400   ok    ok    ok    ok    ok    ok    ok
login                                       POST   ok    ok    ok    ok    ok    ok    ok    ok
logout                                      GET    405   405   405   405   405   405   405   405
logout                                      CSV    405   405   405   405   405   405   405   405
logout                                      POST   ok    ok    ok    ok    ok    ok    ok    ok
tokens                                      GET    login ok    ok    ok    ok    ok    ok    ok
tokens                                      CSV    login 400   400   400   400   400   400   400
tokens                                      POST   login ok    ok    ok    ok    ok    ok    ok
# Force A's data officer's token: anyone else's request to revoke it revokes nothing.
token-revoke                                GET    login 405   405   405   405   405   405   405
token-revoke                                CSV    login 405   405   405   405   405   405   405
token-revoke                                POST   login noop  noop  noop  noop  ok    noop  noop
audit-log                                   GET    login 403   403   403   403   403   403   ok
audit-log                                   CSV    login 403   403   403   403   403   403   file
audit-log                                   POST   login 403   403   403   403   403   403   ok
#
# Returns, completeness and recording changes
return-list                                 GET    login sees  sees  404   404   sees  hides sees
return-list                                 CSV    login sees  sees  404   404   sees  hides sees
return-list                                 POST   login ok    ok    404   404   ok    ok    ok
return-new                                  GET    login 403   403   404   404   ok    ok    ok
return-new                                  CSV    login 403   403   404   404   400   400   400
return-new                                  POST   login 403   403   404   404   ok    ok    ok
return-detail                               GET    login sees  sees  404   404   sees  404   sees
return-detail                               CSV    login file  file  404   404   file  404   file
return-detail                               POST   login ok    ok    404   404   ok    404   ok
return-file-download                        GET    login file  file  404   404   file  404   file
return-file-download                        CSV    login 400   400   404   404   400   404   400
return-file-download                        POST   login ok    ok    404   404   ok    404   ok
completeness                                GET    login sees  sees  sees  hides sees  hides sees
completeness                                CSV    login sees  sees  sees  hides sees  hides sees
completeness                                POST   login ok    ok    ok    ok    ok    ok    ok
recording-change-list                       GET    login sees  sees  sees  hides sees  hides sees
recording-change-list                       CSV    login sees  sees  sees  hides sees  hides sees
recording-change-list                       POST   login ok    ok    ok    ok    ok    ok    ok
recording-change-new                        GET    login 403   403   403   403   ok    ok    ok
recording-change-new                        CSV    login 403   403   403   403   400   400   400
recording-change-new                        POST   login 403   403   403   403   ok    ok    ok
recording-change-review                     GET    login sees  403   403   404   403   404   sees
recording-change-review                     CSV    login 400   403   403   404   403   404   400
recording-change-review                     POST   login ok    403   403   404   403   404   ok
#
# The figures: a PCC's start page is their force's profile, a data officer's their returns
home                                        GET    login sees  sees  sees  hides ok    ok    sees
home                                        CSV    login sees  sees  file  hides ok    ok    sees
home                                        POST   login ok    ok    ok    ok    ok    ok    ok
metric-list                                 GET    login ok    ok    ok    ok    404   404   ok
metric-list                                 CSV    login 400   400   400   400   404   404   400
metric-list                                 POST   login ok    ok    ok    ok    404   404   ok
metric-explorer                             GET    login sees  sees  sees  hides 404   404   sees
metric-explorer                             CSV    login sees  sees  sees  hides 404   404   sees
metric-explorer                             POST   login ok    ok    ok    ok    404   404   ok
force-detail                                GET    login sees  sees  sees  404   sees  404   sees
force-detail                                CSV    login file  file  file  404   file  404   file
force-detail                                POST   login ok    ok    ok    404   ok    404   ok
force-metric                                GET    login sees  sees  sees  404   404   404   sees
force-metric                                CSV    login file  file  file  404   404   404   file
force-metric                                POST   login ok    ok    ok    404   404   404   ok
#
# Flags: force A's performance flag, and its return flag that its data officer sees too
flag-list                                   GET    login sees  sees  sees  hides sees  hides sees
flag-list                                   CSV    login sees  sees  sees  hides sees  hides sees
flag-list                                   POST   login ok    ok    ok    ok    ok    ok    ok
flag-detail                                 GET    login sees  sees  sees  404   404   404   sees
flag-detail[return-flag]                    GET    login sees  sees  sees  404   sees  404   sees
flag-detail                                 CSV    login 400   400   400   404   404   404   400
flag-detail                                 POST   login ok    ok    ok    404   404   404   ok
flag-comment                                GET    login 405   405   405   405   405   405   405
flag-comment                                CSV    login 405   405   405   405   405   405   405
flag-comment                                POST   login ok    ok    ok    404   404   404   ok
flag-comment[return-flag]                   POST   login ok    ok    ok    404   403   404   ok
flag-status                                 GET    login 405   405   405   405   405   405   405
flag-status                                 CSV    login 405   405   405   405   405   405   405
flag-status                                 POST   login ok    ok    403   404   404   404   ok
flag-status[return-flag]                    POST   login ok    ok    403   404   403   404   ok
#
# Engage: force A's case, PEEL grades, reports, recommendations and section 55 response; PPOG
# meetings (which discuss several forces) and their documents
engage-case-list                            GET    login sees  sees  sees  hides 404   404   sees
engage-case-list                            CSV    login sees  sees  sees  hides 404   404   sees
engage-case-list                            POST   login ok    ok    ok    ok    404   404   ok
engage-case-new                             GET    login 403   ok    403   403   404   404   ok
engage-case-new                             CSV    login 403   400   403   403   404   404   400
engage-case-new                             POST   login 403   ok    403   403   404   404   ok
engage-case                                 GET    login sees  sees  sees  404   404   404   sees
engage-case                                 CSV    login file  file  file  404   404   404   file
engage-case                                 POST   login ok    ok    ok    404   404   404   ok
engage-{case-move,cause-new,cause-close}    GET    login 403   sees  403   404   404   404   sees
engage-{case-move,cause-new,cause-close}    CSV    login 403   400   403   404   404   404   400
engage-{case-move,cause-new,cause-close}    POST   login 403   ok    403   404   404   404   ok
engage-{criterion-new,action-new}           GET    login 403   sees  403   404   404   404   sees
engage-{criterion-new,action-new}           CSV    login 403   400   403   404   404   404   400
engage-{criterion-new,action-new}           POST   login 403   ok    403   404   404   404   ok
engage-action-edit                          GET    login 403   sees  403   404   404   404   sees
engage-action-edit                          CSV    login 403   400   403   404   404   404   400
engage-action-edit                          POST   login 403   ok    403   404   404   404   ok
engage-flag-raise                           GET    login 403   sees  403   404   404   404   sees
engage-flag-raise[return-flag]              GET    login 403   sees  403   404   404   404   sees
engage-flag-raise                           CSV    login 403   400   403   404   404   404   400
engage-flag-raise                           POST   login 403   ok    403   404   404   404   ok
engage-peel                                 GET    login sees  sees  sees  404   404   404   sees
engage-peel                                 CSV    login file  file  file  404   404   404   file
engage-peel                                 POST   login ok    ok    ok    404   404   404   ok
engage-peel-grade-new                       GET    login 403   sees  403   404   404   404   sees
engage-peel-grade-new                       CSV    login 403   400   403   404   404   404   400
engage-peel-grade-new                       POST   login 403   ok    403   404   404   404   ok
engage-report-list                          GET    login sees  sees  sees  hides 404   404   sees
engage-report-list                          CSV    login sees  sees  sees  hides 404   404   sees
engage-report-list                          POST   login ok    ok    ok    ok    404   404   ok
engage-recommendation                       GET    login sees  sees  sees  404   404   404   sees
engage-recommendation                       CSV    login 400   400   400   404   404   404   400
engage-recommendation                       POST   login 403   ok    403   404   404   404   ok
engage-section-55                           GET    login sees  sees  sees  404   404   404   sees
engage-section-55                           CSV    login 400   400   400   404   404   404   400
engage-section-55                           POST   login 403   403   ok    404   404   404   403
engage-meeting-list                         GET    login ok    ok    404   404   404   404   ok
engage-meeting-list                         CSV    login file  file  404   404   404   404   file
engage-meeting-list                         POST   login ok    ok    404   404   404   404   ok
engage-meeting-new                          GET    login 403   sees  404   404   404   404   sees
engage-meeting-new                          CSV    login 403   400   404   404   404   404   400
engage-meeting-new                          POST   login 403   ok    404   404   404   404   ok
engage-meeting                              GET    login sees  sees  404   404   404   404   sees
engage-meeting                              CSV    login sees  sees  404   404   404   404   sees
engage-meeting                              POST   login ok    ok    404   404   404   404   ok
# Their forms are on the meeting's page, to which a GET is sent back.
engage-meeting-{decision,document}-new      GET    login 403   ok    404   404   404   404   ok
engage-meeting-{decision,document}-new      CSV    login 403   ok    404   404   404   404   ok
engage-meeting-{decision,document}-new      POST   login 403   ok    404   404   404   404   ok
engage-document                             GET    login file  file  404   404   404   404   file
engage-document                             CSV    login 400   400   404   404   404   404   400
engage-document                             POST   login ok    ok    404   404   404   404   ok
# Levels of support: force A's level and its open plan, recorded by the unit only
engage-support-list                         GET    login sees  sees  sees  hides 404   404   sees
engage-support-list                         CSV    login sees  sees  sees  hides 404   404   sees
engage-support-list                         POST   login ok    ok    ok    ok    404   404   ok
engage-support                              GET    login sees  sees  sees  404   404   404   sees
engage-support                              CSV    login file  file  file  404   404   404   file
engage-support                              POST   login ok    ok    ok    404   404   404   ok
engage-support-{decision-new,plan}          GET    login sees  403   403   404   404   404   sees
engage-support-{decision-new,plan}          CSV    login 400   403   403   404   404   404   400
engage-support-{decision-new,plan}          POST   login ok    403   403   404   404   404   ok
engage-support-{action-new,action-edit}     GET    login sees  403   403   404   404   404   sees
engage-support-{action-new,action-edit}     CSV    login 400   403   403   404   404   404   400
engage-support-{action-new,action-edit}     POST   login ok    403   403   404   404   404   ok
engage-support-review-new                   GET    login sees  403   403   404   404   404   sees
engage-support-review-new                   CSV    login 400   403   403   404   404   404   400
engage-support-review-new                   POST   login ok    403   403   404   404   404   ok
#
# Professional standards: the national page (a PCC is sent to their own force's page) and force
# A's page, which only those who read its standards reach
standards-national                          GET    login sees  sees  ok    ok    404   404   sees
standards-national                          CSV    login sees  sees  ok    ok    404   404   sees
standards-national                          POST   login ok    ok    ok    ok    404   404   ok
standards-force                             GET    login sees  sees  sees  404   404   404   sees
standards-force                             CSV    login file  file  file  404   404   404   file
standards-force                             POST   login ok    ok    ok    404   404   404   ok
#
# The Neighbourhood Policing Guarantee (a force data officer, who sees no figures, is sent to
# their force's ASB register) and force A's register, kept by its own force and the unit
neighbourhood-guarantee                     GET    login sees  sees  sees  hides ok    ok    sees
neighbourhood-guarantee                     CSV    login file  file  file  file  ok    ok    file
neighbourhood-guarantee                     POST   login ok    ok    ok    ok    ok    ok    ok
neighbourhood-register                      GET    login sees  sees  sees  404   sees  404   sees
neighbourhood-register                      CSV    login 400   400   400   404   400   404   400
neighbourhood-register                      POST   login ok    ok    ok    404   ok    404   ok
neighbourhood-{lead-new,plan-new}           GET    login sees  403   403   404   sees  404   sees
neighbourhood-{lead-new,plan-new}           CSV    login 400   403   403   404   400   404   400
neighbourhood-{lead-new,plan-new}           POST   login ok    403   403   404   ok    404   ok
#
# The API: its documentation is public; any other path under /api/ answers the API's 404
api-{schema,docs}                           GET    ok    ok    ok    ok    ok    ok    ok    ok
api-{schema,docs}                           POST   405   405   405   405   405   405   405   405
^api/                                       GET    404   404   404   404   404   404   404   404
^api/                                       POST   404   404   404   404   404   404   404   404
v1_forces_list                              GET    401   sees  sees  sees  hides sees  hides sees
v1_forces_retrieve                          GET    401   sees  sees  sees  404   sees  404   sees
v1_{datasets,metrics}_{list,retrieve}       GET    401   ok    ok    ok    ok    ok    ok    ok
v1_observations_list                        GET    401   sees  sees  sees  hides hides hides sees
v1_completeness_list                        GET    401   ok    ok    sees  hides sees  hides ok
v1_returns_list                             GET    401   sees  sees  hides hides sees  hides sees
v1_returns_retrieve                         GET    401   sees  sees  404   404   sees  404   sees
v1_returns_file_retrieve                    GET    401   file  file  404   404   file  404   file
v1_returns_{create,validate_create}         POST   401   403   403   404   404   ok    ok    ok
v1_recording_changes_list                   GET    401   sees  sees  sees  hides sees  hides sees
v1_recording_changes_retrieve               GET    401   sees  sees  sees  404   sees  404   sees
v1_recording_changes_create                 POST   401   403   403   403   403   ok    ok    ok
v1_recording_changes_review_create          POST   401   ok    403   403   404   403   404   ok
v1_flags_list                               GET    401   sees  sees  sees  hides sees  hides sees
v1_flags_retrieve                           GET    401   sees  sees  sees  404   404   404   sees
v1_flags_retrieve[return-flag]              GET    401   sees  sees  sees  404   sees  404   sees
v1_flags_comments_create                    POST   401   ok    ok    ok    404   404   404   ok
v1_flags_comments_create[return-flag]       POST   401   ok    ok    ok    404   403   404   ok
v1_flags_status_create                      POST   401   ok    ok    403   404   404   404   ok
v1_flags_status_create[return-flag]         POST   401   ok    ok    403   404   403   404   ok
v1_engage_cases_list                        GET    401   sees  sees  sees  hides hides hides sees
v1_engage_cases_retrieve                    GET    401   sees  sees  sees  404   404   404   sees
v1_engage_cases_create                      POST   401   403   ok    403   403   404   404   ok
v1_engage_cases_transition_create           POST   401   403   ok    403   404   404   404   ok
v1_engage_meetings_list                     GET    401   ok    ok    hides hides hides hides ok
v1_engage_meetings_retrieve                 GET    401   ok    ok    404   404   404   404   ok
v1_engage_peel_grades_list                  GET    401   sees  sees  sees  hides hides hides sees
v1_engage_peel_grades_retrieve              GET    401   sees  sees  sees  404   404   404   sees
v1_engage_peel_grades_create                POST   401   403   ok    403   403   404   404   ok
v1_engage_recommendations_list              GET    401   sees  sees  sees  hides hides hides sees
v1_engage_recommendations_retrieve          GET    401   sees  sees  sees  404   404   404   sees
v1_engage_recommendations_partial_update    PATCH  401   403   ok    403   404   404   404   ok
v1_engage_section_55_{list,compliance_list} GET    401   sees  sees  sees  hides hides hides sees
v1_engage_section_55_retrieve               GET    401   sees  sees  sees  404   404   404   sees
v1_engage_section_55_partial_update         PATCH  401   403   403   ok    404   404   404   403
v1_engage_support_levels_list               GET    401   sees  sees  sees  hides hides hides sees
v1_engage_support_levels_retrieve           GET    401   sees  sees  sees  404   404   404   sees
v1_standards_forces_retrieve                GET    401   sees  sees  sees  404   404   404   sees
v1_neighbourhood_asb_register_list          GET    401   sees  sees  sees  hides sees  hides sees
v1_neighbourhood_uplift_list                GET    401   sees  sees  sees  hides hides hides sees
#
# The admin site, for administrators only: everyone else is sent to its sign-in page. Append-
# only records refuse to be added, changed or deleted there, even by administrators.
admin:login                                 GET    ok    ok    ok    ok    ok    ok    ok    ok
admin:login                                 POST   ok    ok    ok    ok    ok    ok    ok    ok
admin:logout                                GET    ok    ok    ok    ok    ok    ok    ok    405
admin:logout                                POST   ok    ok    ok    ok    ok    ok    ok    ok
admin:{index,app_list,password_change}      GET    admin admin admin admin admin admin admin ok
admin:{index,app_list,password_change}      POST   admin admin admin admin admin admin admin ok
admin:{password_change_done,jsi18n}         GET    admin admin admin admin admin admin admin ok
admin:{password_change_done,jsi18n}         POST   admin admin admin admin admin admin admin 405
# Asked with no field to complete.
admin:autocomplete                          GET    admin admin admin admin admin admin admin 403
admin:autocomplete                          POST   admin admin admin admin admin admin admin 405
# A force has no page of the admin's to view it on the site.
admin:view_on_site                          GET    admin admin admin admin admin admin admin 404
admin:view_on_site                          POST   admin admin admin admin admin admin admin 404
admin/(?P<url>.*)$                          GET    admin admin admin admin admin admin admin 404
admin/(?P<url>.*)$                          POST   admin admin admin admin admin admin admin 404
admin:auth_user_password_change             GET    admin admin admin admin admin admin admin ok
admin:auth_user_password_change             POST   admin admin admin admin admin admin admin ok
admin:auth_{group,user}_*                   GET    admin admin admin admin admin admin admin ok
admin:auth_{group,user}_*                   POST   admin admin admin admin admin admin admin ok
admin:knox_authtoken_*                      GET    admin admin admin admin admin admin admin ok
admin:knox_authtoken_*                      POST   admin admin admin admin admin admin admin ok
admin:forces_{force,region,policingbody}_*  GET    admin admin admin admin admin admin admin ok
admin:forces_{force,region,policingbody}_*  POST   admin admin admin admin admin admin admin ok
admin:metrics_recordingchange_*             GET    admin admin admin admin admin admin admin ok
admin:metrics_recordingchange_*             POST   admin admin admin admin admin admin admin ok
admin:metrics_collectionstart_*             GET    admin admin admin admin admin admin admin ok
admin:metrics_collectionstart_*             POST   admin admin admin admin admin admin admin ok
admin:metrics_metrictarget_*                GET    admin admin admin admin admin admin admin ok
admin:metrics_metrictarget_*                POST   admin admin admin admin admin admin admin ok
admin:engage_{case,causeofconcern}_*        GET    admin admin admin admin admin admin admin ok
admin:engage_{case,causeofconcern}_*        POST   admin admin admin admin admin admin admin ok
admin:engage_{improvementaction,report}_*   GET    admin admin admin admin admin admin admin ok
admin:engage_{improvementaction,report}_*   POST   admin admin admin admin admin admin admin ok
admin:engage_{ppogmeeting,peelgrade}_*      GET    admin admin admin admin admin admin admin ok
admin:engage_{ppogmeeting,peelgrade}_*      POST   admin admin admin admin admin admin admin ok
admin:engage_recommendation_*               GET    admin admin admin admin admin admin admin ok
admin:engage_recommendation_*               POST   admin admin admin admin admin admin admin ok
admin:engage_section55response_*            GET    admin admin admin admin admin admin admin ok
admin:engage_section55response_*            POST   admin admin admin admin admin admin admin ok
admin:neighbourhood_{asblead,asbactionplan}_* GET admin admin admin admin admin admin admin ok
admin:neighbourhood_{asblead,asbactionplan}_* POST admin admin admin admin admin admin admin ok
admin:axes_{accessattempt,accesslog}_*      GET    admin admin admin admin admin admin admin ok
admin:axes_{accessattempt,accesslog}_*      POST   admin admin admin admin admin admin admin ok
admin:axes_accessfailurelog_*               GET    admin admin admin admin admin admin admin ok
admin:axes_accessfailurelog_*               POST   admin admin admin admin admin admin admin ok
admin:axes_{accessattempt,accesslog}_add    GET    admin admin admin admin admin admin admin 403
admin:axes_{accessattempt,accesslog}_add    POST   admin admin admin admin admin admin admin 403
admin:axes_accessfailurelog_add             GET    admin admin admin admin admin admin admin 403
admin:axes_accessfailurelog_add             POST   admin admin admin admin admin admin admin 403
admin:accounts_auditevent_*                 GET    admin admin admin admin admin admin admin ok
admin:accounts_auditevent_*                 POST   admin admin admin admin admin admin admin ok
admin:accounts_auditevent_{add,delete}      GET    admin admin admin admin admin admin admin 403
admin:accounts_auditevent_{add,delete}      POST   admin admin admin admin admin admin admin 403
admin:accounts_auditevent_change            POST   admin admin admin admin admin admin admin 403
admin:metrics_return_*                      GET    admin admin admin admin admin admin admin ok
admin:metrics_return_*                      POST   admin admin admin admin admin admin admin ok
admin:metrics_return_{add,delete}           GET    admin admin admin admin admin admin admin 403
admin:metrics_return_{add,delete}           POST   admin admin admin admin admin admin admin 403
admin:metrics_returnreminder_*              GET    admin admin admin admin admin admin admin ok
admin:metrics_returnreminder_*              POST   admin admin admin admin admin admin admin ok
admin:metrics_returnreminder_add            GET    admin admin admin admin admin admin admin 403
admin:metrics_returnreminder_{add,change}   POST   admin admin admin admin admin admin admin 403
"""

SAFE = ("GET", "CSV")
CODES = {"ok", "noop", "sees", "hides", "file", "login", "admin", "400", "401", "403", "404", "405"}
# Tables a refused or read-only request may still write: the audit of what was done or refused,
# django-axes' records of sign-ins, and the session.
WRITTEN_BY_ANY_REQUEST = re.compile(r"accounts_auditevent|axes_\w+|django_session")
# Force A's slug and name, which name nothing of force B (Cumbria).
FORCE_A = b"durham"
# The admin's pages of a model, and a row in the table for them all.
ADMIN_VIEW = re.compile(r"admin:([a-z0-9]+)_([a-z0-9]+)_(changelist|add|history|delete|change)")
ADMIN_HISTORY = re.compile(r"admin:([a-z0-9]+)_([a-z0-9]+)_simple_history")
ADMIN_MODEL = re.compile(r"admin:([a-z0-9]+)_([a-z0-9]+)_\*")
ADMIN_REDIRECT = re.compile(r"admin/([a-z0-9]+)/([a-z0-9]+)/<path:object_id>/")


@dataclass(frozen=True)
class Row:
    address: str
    method: str
    expected: dict[str, str]

    @property
    def id(self) -> str:
        return f"{self.address} {self.method}"


# --- The addresses ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str | None  # with its namespace

    @property
    def address(self) -> str:
        return self.name or self.route


@functools.cache
def _patterns() -> tuple[Pattern, ...]:
    """Every URL pattern of the service."""
    return tuple(_walk(get_resolver(), "", ""))


def _walk(resolver, route: str, namespace: str) -> list[Pattern]:
    found = []
    for pattern in resolver.url_patterns:
        # Joined as Django joins a match's route, so that resolve(path).route finds it.
        here = route + str(pattern.pattern).removeprefix("^" if route else "")
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            found += _walk(pattern, here, inner)
        else:
            name = pattern.name and ":".join(filter(None, [namespace, pattern.name]))
            found.append(Pattern(here, name))
    return found


def _is_api(pattern: Pattern) -> bool:
    return (pattern.name or "").startswith("api:")


@functools.cache
def _operations() -> dict[str, tuple[str, str]]:
    """Each operation of the OpenAPI schema: its id, and its method and path template."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        operation["operationId"]: (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def _required() -> set[tuple[str, str]]:
    """The rows the table must have: GET, CSV and POST for every page (the admin's and the
    API's documentation download nothing), and each API operation's method."""
    required = set()
    for pattern in _patterns():
        if _is_api(pattern):
            continue
        downloads = not pattern.route.startswith(("admin/", "api/", "^api/"))
        required |= {(pattern.address, m) for m in ("GET", "POST", *(["CSV"] * downloads))}
    return required | {(op_id, method) for op_id, (method, _) in _operations().items()}


def _expanded(address: str) -> list[str]:
    found = re.search(r"\{([^{}<>]*,[^{}<>]*)\}", address)
    if found is None:
        return [address]
    head, tail = address[: found.start()], address[found.end() :]
    return [e for part in found[1].split(",") for e in _expanded(head + part.strip() + tail)]


def _admin_pages(address: str) -> list[str]:
    """What "admin:<app>_<model>_*" stands for: each of the model's admin pages."""
    app, model = ADMIN_MODEL.fullmatch(address).groups()
    prefix, route = f"admin:{app}_{model}_", f"admin/{app}/{model}/<path:object_id>/"
    pages = [
        p.address for p in _patterns() if (p.name or "").startswith(prefix) or p.route == route
    ]
    assert pages, f"{address} stands for no page"
    return pages


def _rows(table: str) -> list[Row]:
    rows = []
    for line in table.strip().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        address, method, *cells = line.split()
        assert len(cells) == len(PERSONAS) and set(cells) <= CODES, line
        rows += [
            Row(a, method, dict(zip(PERSONAS, cells, strict=True))) for a in _expanded(address)
        ]
    # A row of its own for one of a model's admin pages overrides the row for them all.
    given = {row.id for row in rows if not ADMIN_MODEL.fullmatch(row.address)}
    rows = [row for row in rows if not ADMIN_MODEL.fullmatch(row.address)] + [
        Row(page, row.method, row.expected)
        for row in rows
        for page in (_admin_pages(row.address) if ADMIN_MODEL.fullmatch(row.address) else [])
        if f"{page} {row.method}" not in given
    ]
    ids = [row.id for row in rows]
    assert len(ids) == len(set(ids)), "a row is in the table twice"
    return rows


ROWS = _rows(MATRIX)


# --- Force A's objects, and what each address is asked about ------------------------------------

# The URL parameters of each address, by the object (a key of World.values) each names.
PARAMETERS = {
    "token-revoke": {"token_key": "token"},
    "return-detail": {"pk": "return"},
    "return-file-download": {"pk": "return"},
    "recording-change-review": {"pk": "recording change"},
    "flag-detail": {"pk": "flag"},
    "flag-comment": {"pk": "flag"},
    "flag-status": {"pk": "flag"},
    "metric-explorer": {"code": "metric"},
    "force-detail": {"slug": "force"},
    "force-metric": {"slug": "force", "code": "metric"},
    "engage-case": {"pk": "case"},
    "engage-case-move": {"pk": "case"},
    "engage-cause-new": {"pk": "case"},
    "engage-criterion-new": {"pk": "case", "cause_pk": "cause"},
    "engage-cause-close": {"pk": "case", "cause_pk": "cause"},
    "engage-action-new": {"pk": "case"},
    "engage-action-edit": {"pk": "case", "action_pk": "action"},
    "engage-section-55": {"pk": "section 55 response"},
    "engage-peel": {"slug": "force"},
    "engage-peel-grade-new": {"slug": "force"},
    "engage-meeting": {"pk": "meeting"},
    "engage-meeting-decision-new": {"pk": "meeting"},
    "engage-meeting-document-new": {"pk": "meeting"},
    "engage-recommendation": {"pk": "recommendation"},
    "engage-flag-raise": {"pk": "flag"},
    "engage-document": {"pk": "document"},
    "engage-support": {"slug": "force"},
    "engage-support-decision-new": {"slug": "force"},
    "engage-support-plan": {"slug": "force"},
    "engage-support-action-new": {"slug": "force"},
    "engage-support-action-edit": {"slug": "force", "action_pk": "plan action"},
    "engage-support-review-new": {"slug": "force"},
    "standards-force": {"slug": "force"},
    "neighbourhood-register": {"slug": "force"},
    "neighbourhood-lead-new": {"slug": "force"},
    "neighbourhood-plan-new": {"slug": "force"},
    "admin:app_list": {"app_label": "app"},
    "admin:view_on_site": {"content_type_id": "force type", "object_id": "force pk"},
    "admin:auth_user_password_change": {"id": "user"},
    "api:force-detail": {"slug": "force"},
    "api:return-detail": {"pk": "return"},
    "api:return-file": {"pk": "return"},
    "api:dataset-detail": {"code": "dataset"},
    "api:recording-change-detail": {"pk": "recording change"},
    "api:recording-change-review": {"pk": "recording change"},
    "api:metric-detail": {"code": "metric"},
    "api:flag-detail": {"pk": "flag"},
    "api:flag-comments": {"pk": "flag"},
    "api:flag-status": {"pk": "flag"},
    "api:engage-case-detail": {"pk": "case"},
    "api:engage-case-transition": {"pk": "case"},
    "api:engage-meeting-detail": {"pk": "meeting"},
    "api:engage-recommendation-detail": {"pk": "recommendation"},
    "api:engage-peel-grade-detail": {"pk": "peel grade"},
    "api:engage-section-55-detail": {"pk": "section 55 response"},
    "api:engage-support-level-detail": {"pk": "support level"},
    "api:standards-force-detail": {"slug": "force"},
}


@dataclass
class World:
    users: dict  # by persona; None for anonymous
    clients: dict  # one a persona, kept for its handler: loading the middleware takes 0.5 s
    cookies: dict  # each persona's session
    values: dict  # URL parameter values, by the object they name
    objects: list  # the objects the admin's pages are asked about, one of each model

    def path(self, address: str) -> str:
        """The address's path, naming force A's objects."""
        name, _, variant = address.removesuffix("]").partition("[")
        if name in _operations():
            template = _operations()[name][1]
            return self._named(resolve(_template_path(template)).view_name, variant)
        pattern = next(p for p in _patterns() if p.address == name)
        if found := ADMIN_VIEW.fullmatch(name) or ADMIN_HISTORY.fullmatch(name):
            return reverse(name, args=self._admin_args(found))
        if found := ADMIN_REDIRECT.fullmatch(pattern.route):
            return f"/admin/{found[1]}/{found[2]}/{self._admin_object(found).pk}/"
        if pattern.name is None:  # a catch-all: a page it catches
            return "/" + re.sub(r"[(^].*", "", pattern.route) + "no-such-page/"
        return self._named(name, variant)

    def _named(self, name: str, variant: str = "") -> str:
        """The named URL, naming force A's objects (its return flag for the variant)."""
        names = PARAMETERS.get(name, {})
        named = {k: variant if v == "flag" and variant else v for k, v in names.items()}
        return reverse(name, kwargs={k: self.values[v] for k, v in named.items()})

    def _admin_args(self, found) -> list:
        obj = self._admin_object(found)
        if found.re is ADMIN_HISTORY:
            return [obj.pk, obj.history.latest().history_id]
        return [] if found[3] in ("changelist", "add") else [obj.pk]

    def _admin_object(self, found):
        model = ContentType.objects.get_by_natural_key(found[1], found[2]).model_class()
        return next(o for o in self.objects if isinstance(o, model))


def _template_path(template: str) -> str:
    """A path of an operation's template, to resolve it to its URL name."""
    return re.sub(r"\{(\w+)\}", lambda m: "1" if m[1] == "id" else "x", template)


def _force_a_objects(officer) -> dict:
    """One of each kind of object of force A that an address names: its return, loaded as the
    pipeline loads one (so its figures exist), and what the unit and the inspectorate record."""
    force_a = Force.objects.get(slug="durham")
    # Force B's similar group names force A: what of it force B's PCC may see is the question.
    Force.objects.get(slug="cumbria").similar_forces.create(
        similar=force_a, rank=1, source="official"
    )
    ret, _ = return_submit(
        user=officer,
        force=force_a,
        dataset=DATASETS["emergency_calls"],
        period=date(2024, 3, 1),
        upload=SimpleUploadedFile("calls.csv", emergency_calls_file()),
    )
    return_process(return_id=ret.pk)
    criterion = CriterionFactory(cause__case__force=force_a)
    decision = DecisionFactory(case=criterion.cause.case)
    recommendation = RecommendationFactory(force=force_a)
    return {
        "force": force_a,
        "return": Return.objects.get(pk=ret.pk),
        "recording change": RecordingChangeFactory(force=force_a, pending=True),
        "flag": FlagFactory(force=force_a),
        "return-flag": ReturnFlagFactory(force=force_a),
        "case": criterion.cause.case,
        "cause": criterion.cause,
        "action": ActionFactory(case=criterion.cause.case, cause=criterion.cause),
        "meeting": decision.meeting,
        "document": DocumentFactory(meeting=decision.meeting),
        "report": recommendation.report,
        "recommendation": recommendation,
        "section 55 response": ResponseFactory(report=recommendation.report),
        "peel grade": PeelGradeFactory(force=force_a),
        "support level": SupportDecisionFactory(force=force_a, level=3),
        "plan action": PlanActionFactory(plan__force=force_a),
        "asb lead": AsbLeadFactory(force=force_a),
        "asb plan": AsbActionPlanFactory(force=force_a),
        "token": token_create(user=officer)[0],
    }


def _world() -> World:
    ensure_reference_data()
    users = {name: persona_user(name) if name != "anonymous" else None for name in PERSONAS}
    found = _force_a_objects(users["officer_a"])
    force_a, officer = found["force"], users["officer_a"]
    values = {name: getattr(obj, "pk", obj) for name, obj in found.items()}
    values |= {
        "force": force_a.slug,
        "token": found["token"].token_key,
        "metric": "calls_answered_10s",
        "dataset": "emergency_calls",
        "app": "forces",
        "user": officer.pk,
        "force pk": force_a.pk,
        "force type": ContentType.objects.get_for_model(Force).pk,
    }
    # The admin's pages are asked about these: one object of each model it manages.
    objects = [
        *found.values(),
        force_a.region,
        force_a.policing_body,
        officer,
        officer.groups.get(),
        audit_record(action=AuditEvent.Action.SIGN_IN, user=officer),
        ReturnReminderFactory(force=force_a),
        CollectionStartFactory(force=force_a),
        MetricTargetFactory(),
        AccessAttemptFactory(),
        AccessLogFactory(),
        AccessFailureLogFactory(),
    ]
    clients = {name: Client() for name in users}
    for name, user in users.items():
        if user is not None:
            clients[name].force_login(user)
    cookies = {name: copy.deepcopy(client.cookies) for name, client in clients.items()}
    return World(users, clients, cookies, values, objects)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Force A's objects, made once for the module and rolled back after it: every test's own
    transaction is a savepoint inside this one."""
    files = tmp_path_factory.mktemp("matrix")
    with (
        django_db_blocker.unblock(),
        override_settings(RETURNS_DIR=files / "returns", ENGAGE_DOCUMENTS_DIR=files / "documents"),
        transaction.atomic(),
    ):
        yield _world()
        transaction.set_rollback(True)


# --- Asking ---------------------------------------------------------------------------------------


def _writes() -> dict[str, int]:
    """Rows this transaction has inserted, updated or deleted so far, by table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
        )
        return dict(cursor.fetchall())


def _written(before: dict[str, int]) -> list[str]:
    """The tables written since `before`, but those any request may write."""
    return sorted(
        table
        for table, count in _writes().items()
        if count != before.get(table, 0) and not WRITTEN_BY_ANY_REQUEST.fullmatch(table)
    )


def _ask(client: Client, method: str, path: str):
    if method == "CSV":
        return client.get(path, {"format": "csv"})
    if method in ("GET", "HEAD"):
        return client.generic(method, path)
    if path.startswith("/api/"):
        return client.generic(method, path, "{}", content_type="application/json")
    return client.post(path, {}) if method == "POST" else client.generic(method, path)


def _answer(response) -> str:
    """What the response was, in the table's words where it can be."""
    status = response.status_code
    if 300 <= status < 400:
        where = response["Location"]
        if where.startswith(reverse("admin:login")):
            return "admin"
        return "login" if where.startswith(resolve_url(settings.LOGIN_URL)) else f"{status} {where}"
    if 200 <= status < 300:
        # The test client closes a streamed response once it is read to the end.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        attachment = response.get("Content-Disposition", "").startswith("attachment")
        return ("file " if attachment else "") + ("sees" if FORCE_A in body.lower() else "hides")
    return str(status)


def _agrees(expected: str, answer: str, method: str) -> bool:
    words = answer.split()
    if expected in ("ok", "noop") or method == "HEAD" and expected in ("sees", "hides", "file"):
        # HEAD has no body to name force A or not.
        return words[-1] in ("sees", "hides") or answer[:1] == "3"
    if method == "CSV" and expected in ("sees", "hides"):
        return words == ["file", expected]
    if expected in ("sees", "hides"):
        return words == [expected]
    if expected == "file":
        return words[0] == "file"
    return answer == expected


def _client(world: World, persona: str) -> Client:
    """The persona's client, signed in to the session made for the module (a test's changes to
    the session are rolled back with the test; a sign-out's to the cookie are undone here)."""
    client = world.clients[persona]
    client.cookies = copy.deepcopy(world.cookies[persona])
    return client


def _wrong(world: World, row: Row, persona: str, path: str) -> list[str]:
    """What the persona got at the row's address that the table does not say, if anything."""
    expected, client, before = row.expected[persona], _client(world, persona), _writes()
    answer, wrong = _answer(_ask(client, row.method, path)), []
    if not _agrees(expected, answer, row.method):
        wrong.append(f"{persona} {row.method} {path}: expected {expected}, got {answer}")
    if written := _written(before):
        wrong.append(f"{persona} {row.method} {path} wrote to {', '.join(written)}")
    if row.method == "GET" and not _agrees(
        expected, head := _answer(_ask(client, "HEAD", path)), "HEAD"
    ):
        wrong.append(f"{persona} HEAD {path}: expected {expected}, got {head}")
    return wrong


# --- The tests ------------------------------------------------------------------------------------


def test_every_address_is_in_the_table():
    required, tabled = _required(), {(r.address.partition("[")[0], r.method) for r in ROWS}
    missing = "\n".join(f"{address} {method}" for address, method in sorted(required - tabled))
    assert not missing, f"Decide who may use each of these, and add it to MATRIX:\n{missing}"
    assert tabled <= required, f"Rows for no address: {sorted(tabled - required)}"


def test_every_api_pattern_is_an_operation_of_the_schema():
    """The API's URL patterns are asked through the schema's operations: none is left out."""
    reached = {resolve(_template_path(t)).route for _, t in _operations().values()}
    left = sorted(p.route for p in _patterns() if _is_api(p) and p.route not in reached)
    assert not left, f"API patterns that no operation of the schema reaches: {left}"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_each_persona_gets_what_the_table_says(row, world):
    path, wrong = world.path(row.address), []
    for persona, expected in row.expected.items():
        if row.method in SAFE or expected != "ok":
            wrong += _wrong(world, row, persona, path)
    assert not wrong, "\n".join(wrong)
