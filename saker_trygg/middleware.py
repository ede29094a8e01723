from django.conf import settings


class CrossOriginAndPermissionsPolicyMiddleware:
    """Cross-Origin-Resource-Policy and Permissions-Policy on every response.

    Django sets Cross-Origin-Opener-Policy itself (SECURE_CROSS_ORIGIN_OPENER_POLICY). A response
    that other sites may read (``Access-Control-Allow-Origin: *``, the open data) gets
    ``Cross-Origin-Resource-Policy: cross-origin``, as CORP would otherwise block the very
    fetches CORS allows; a response that already sets the header keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allowlist)})"
            for feature, allowlist in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        public = response.headers.get("Access-Control-Allow-Origin") == "*"
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy",
            "cross-origin" if public else settings.CROSS_ORIGIN_RESOURCE_POLICY,
        )
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
