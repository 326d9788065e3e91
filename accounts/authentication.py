from django.core.cache import cache
from knox.auth import TokenAuthentication

from accounts.models import AuditEvent
from accounts.services import audit_record

# Token use is audited once per token per window, not on every request.
TOKEN_USE_AUDIT_SECONDS = 300


class AuditedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, token):
        user, auth_token = super().authenticate_credentials(token)
        if cache.add(f"token-used:{auth_token.token_key}", 1, TOKEN_USE_AUDIT_SECONDS):
            audit_record(
                action=AuditEvent.Action.TOKEN_USED, user=user, token_key=auth_token.token_key
            )
        return user, auth_token
