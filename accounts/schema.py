from drf_spectacular.extensions import OpenApiAuthenticationExtension


class AuditedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.AuditedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with the prefix "Token ", e.g. '
            '"Token fpo_abc...". Create tokens on the API tokens page.',
        }
