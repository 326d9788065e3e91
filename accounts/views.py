from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from knox.models import AuthToken

from accounts.forms import TokenCreateForm
from accounts.services import token_create, token_revoke


@login_required
def tokens(request):
    form = TokenCreateForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _, new_token = token_create(
            user=request.user, days=form.cleaned_data["days"], request=request
        )
        form = TokenCreateForm()
    tokens = AuthToken.objects.filter(user=request.user).order_by("-created")
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "new_token": new_token,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def token_revoke_view(request, token_key):
    if token_revoke(user=request.user, token_key=token_key, request=request):
        messages.success(request, f"Token {token_key} revoked.")
    return redirect("tokens")
