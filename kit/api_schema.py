"""The OpenAPI schema's class: drf-spectacular's, with the errors of kit.api declared.

Apart from kit.api because drf-spectacular's schema module imports DRF's generic views,
which import kit.api for the pagination class.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse

# The body exception_handler answers, as the schema declares it.
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "required": ["status", "code", "message"],
        }
    },
    "required": ["error"],
}
# Each error as a named response, so an operation refers to it rather than repeating it.
ERRORS = {
    "400": ("BadRequest", "The request is malformed, or has invalid fields or query parameters."),
    "401": ("Unauthorized", "No valid token or session."),
    "403": ("Forbidden", "You may see this, but your role may not do this."),
    "404": ("NotFound", "Not found, or outside what you may see."),
    "429": ("TooManyRequests", "Too many requests: wait for the time in Retry-After."),
}


def error_response(description: str) -> OpenApiResponse:
    """An error a view declares for itself (in extend_schema's responses), in the one format."""
    return OpenApiResponse({"$ref": "#/components/schemas/Error"}, description=description)


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, with the errors an operation may answer declared in the one
    error format (400 to 404 anywhere, 429 where the view is rate limited), and an optional
    query parameter's empty value allowed, as it is taken."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            # DRF and django-filter read an empty optional parameter as one left out.
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        error = ResolvedComponent("Error", ResolvedComponent.SCHEMA, ERROR_SCHEMA, "Error")
        registry.register_on_missing(error)
        codes = ["400", "401", "403", "404"] + (["429"] if self.view.get_throttles() else [])
        for code in codes:
            name, description = ERRORS[code]
            body = {
                "description": description,
                "content": {"application/json": {"schema": error.ref}},
            }
            response = ResolvedComponent(name, ResolvedComponent.RESPONSE, body, name)
            registry.register_on_missing(response)
            operation["responses"].setdefault(code, response.ref)
        return operation
