from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
# Exactly what moderating needs: the review queue, posts and the moderation log are
# gated by forum.moderate_post; questions are looked up read-only; a member's review
# policy and suspension are changed through the Member standing proxy.
PERMISSIONS = [
    ("forum", "moderate_post"),
    ("forum", "view_topic"),
    ("accounts", "view_member"),
    ("accounts", "change_member"),
]


def add_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0002_seed_categories"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_group, remove_group)]
