from django.core.cache import cache
from django.utils import timezone
from knox.auth import TokenAuthentication

from accounts.models import AuditEvent
from accounts.services import audit_record

# A force's system may call the API every few seconds: a row per request would swamp the log.
# A token's use is recorded the first time each day that it comes from each address, so the
# log still shows every day a token was used and every address it was used from.
TOKEN_USE_AUDIT_SECONDS = 24 * 60 * 60


class AuditedTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None:
            user, auth_token = found
            ip = request.META.get("REMOTE_ADDR", "")
            seen = f"token-used:{auth_token.token_key}:{ip}:{timezone.localdate():%Y%m%d}"
            if cache.add(seen, 1, TOKEN_USE_AUDIT_SECONDS):
                audit_record(
                    action=AuditEvent.Action.TOKEN_USED,
                    user=user,
                    request=request,
                    token_key=auth_token.token_key,
                )
        return found
