"""Give the procedures editors made on a live site before change notes existed their "first
published" note, dated by the first version of their history (the day an editor created
them), or by the day of the upgrade when they have none. Shipped ones (the content loader
has a record of them) are left to `load_content`, which dates them by the content files.

Self-contained on purpose: historical models only, so a later change to the live code
(editorial/change_notes.py) can't change what this migration did.
"""

from django.db import migrations
from django.utils import timezone


def backfill(apps, schema_editor):
    model = apps.get_model("guides", "procedure")
    note_model = apps.get_model("editorial", "ChangeNote")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    version_model = apps.get_model("reversion", "Version")
    loaded_model = apps.get_model("guides", "LoadedContent")
    content_type, _ = content_type_model.objects.get_or_create(app_label="guides", model="procedure")
    noted = set(note_model.objects.filter(content_type=content_type).values_list("object_id", flat=True))
    loaded_keys = set(loaded_model.objects.values_list("key", flat=True))
    for obj in model.objects.filter(status="published", operator__active=True).exclude(pk__in=noted):
        if f"procedure:{obj.operator.slug}/{obj.slug}" in loaded_keys:
            continue
        first = (
            version_model.objects.filter(content_type=content_type, object_id=str(obj.pk))
            .order_by("revision__date_created")
            .values_list("revision__date_created", flat=True)
            .first()
        )
        day = timezone.localdate(first) if first else timezone.localdate()
        note_model.objects.create(content_type=content_type, object_id=obj.pk, kind="published", changed_on=day)


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0007_reserve_update_slugs"),
        ("editorial", "0002_change_notes"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
