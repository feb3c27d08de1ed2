from django.db import migrations

CATEGORIES = [
    (
        "muscle-and-nerve-conditions",
        "Muscle and nerve conditions",
        "Myopathies, myositis, neuropathies and other conditions of the muscles and nerves.",
    ),
    (
        "treatments-and-medication",
        "Treatments and medication",
        "Steroids, immunosuppressants, immunoglobulin, side effects and tapering.",
    ),
    (
        "diagnosis-and-tests",
        "Diagnosis and tests",
        "Blood tests, antibodies, biopsies, scans and getting to a diagnosis.",
    ),
    (
        "living-with-a-condition",
        "Living with a condition",
        "Everyday life, work, exercise, fatigue, family and support.",
    ),
]


def add_categories(apps, schema_editor):
    Category = apps.get_model("forum", "Category")
    for position, (slug, name, description) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


def remove_categories(apps, schema_editor):
    Category = apps.get_model("forum", "Category")
    Category.objects.filter(slug__in=[slug for slug, _, _ in CATEGORIES], topics=None).delete()


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [migrations.RunPython(add_categories, remove_categories)]
