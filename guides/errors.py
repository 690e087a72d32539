"""Error pages in the visitor's language.

The 404 page is a normal page (layout, language links, search). The 500 page needs no
database and no context processors: whatever broke, it still renders.
"""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())
