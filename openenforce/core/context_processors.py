from django.conf import settings


def site(request):
    """Values every template needs: the site name and the user's roles."""
    user = getattr(request, "user", None)
    roles = user.role_codes() if user is not None and user.is_authenticated else set()
    return {"site_name": settings.OPENENFORCE_SITE_NAME, "user_roles": roles}
