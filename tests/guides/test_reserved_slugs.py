"""The slugs a procedure can't take come from the routes other apps serve under an operator,
and the system check fails when the database's list lacks one of them."""

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.core import checks
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import include, path

from guides import reserved_slugs
from tests.factories import OperatorFactory, ProcedureFactory


def page(request, **kwargs):
    return HttpResponse()


# A site where another app has started serving a page at /<lang>/operators/<operator>/map/.
urlpatterns = i18n_patterns(
    path("", include(([path("operators/<slug:operator>/map/", page, name="map")], "maps"))),
    path("", include(([path("operators/<slug:operator>/<slug:procedure>/", page, name="procedure")], "guides"))),
    path("operators/<slug:operator>/<slug:procedure>/updates/", page, name="procedure_updates"),
)


@pytest.fixture
def a_new_route_under_an_operator(settings):
    settings.ROOT_URLCONF = __name__


def url_errors() -> list[str]:
    return [message.id for message in checks.run_checks(tags=[checks.Tags.urls])]


def test_the_sites_routes_under_an_operator_are_its_print_sheet_and_its_updates():
    assert reserved_slugs.from_urls() == {"print", "print.pdf", "updates", "updates.atom"}
    assert "guides.E001" not in url_errors()


@pytest.mark.usefixtures("a_new_route_under_an_operator")
def test_a_route_the_database_does_not_reserve_fails_the_check():
    assert reserved_slugs.from_urls() == {"map"}
    [error] = [message for message in checks.run_checks(tags=[checks.Tags.urls]) if message.id == "guides.E001"]
    assert "map" in error.msg


@pytest.mark.django_db
@pytest.mark.usefixtures("a_new_route_under_an_operator")
def test_the_form_refuses_a_new_route_before_the_database_does():
    procedure = ProcedureFactory.build(slug="map", operator=OperatorFactory())
    with pytest.raises(ValidationError) as error:
        procedure.full_clean()
    assert "reserved" in str(error.value.message_dict["slug"])
