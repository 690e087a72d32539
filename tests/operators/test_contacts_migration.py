"""operators 0004 moved an operator's five contact fields to Contact rows: what an editor
had entered arrives as contacts of the right kinds, in order, and going back restores it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("operators", "0003_company_revision")]
AFTER = [("operators", "0004_contacts")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_contact_fields_become_contacts_and_come_back():
    old = migrate(BEFORE)
    old.get_model("operators", "Operator").objects.create(
        slug="kcell",
        name="Kcell",
        support_short="455",
        support_full="+7 727 258 8300",
        support_abroad="",
        office_finder_url="https://www.kcell.kz/kk/offices",
        app_name="My Kcell",
    )
    try:
        new = migrate(AFTER)
        contacts = new.get_model("operators", "Contact").objects.order_by("order")
        assert [(c.kind, c.value, c.order) for c in contacts] == [
            ("support_own", "455", 1),
            ("support_other", "+7 727 258 8300", 2),
            ("office_finder", "https://www.kcell.kz/kk/offices", 4),
            ("app", "My Kcell", 5),
        ]
        back = migrate(BEFORE).get_model("operators", "Operator").objects.get(slug="kcell")
        assert (back.support_short, back.office_finder_url, back.app_name) == (
            "455",
            "https://www.kcell.kz/kk/offices",
            "My Kcell",
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
