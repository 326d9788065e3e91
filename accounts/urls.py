from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.forms import SignInForm
from accounts.ratelimits import SIGN_IN, limited_page

sign_in = auth_views.LoginView.as_view(
    authentication_form=SignInForm, redirect_authenticated_user=True
)

urlpatterns = [
    path("login/", limited_page(SIGN_IN)(sign_in), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<str:token_key>/revoke/", views.token_revoke_view, name="token-revoke"),
    path("audit/", views.audit_log, name="audit-log"),
]
