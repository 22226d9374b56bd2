"""The public portal's pages: no login, read-only, through selectors."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def index(request):
    """The portal's home page: the sections of the publicity system."""
    return render(request, "portal/index.html")
