"""Give the procedures editors made on a live site before change notes existed their "first
published" note, dated by their history (editorial/change_notes.py)."""

from django.db import migrations

from editorial.change_notes import backfill_first_published


def backfill(apps, schema_editor):
    backfill_first_published(
        apps,
        app_label="guides",
        model_name="procedure",
        public={"status": "published", "operator__active": True},
        shipped_key=lambda obj: f"procedure:{obj.operator.slug}/{obj.slug}",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0007_reserve_update_slugs"),
        ("editorial", "0002_change_notes"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
