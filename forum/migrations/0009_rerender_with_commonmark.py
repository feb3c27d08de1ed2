"""Stored HTML rendered again by the CommonMark pipeline (markup.render), which
replaced Python-Markdown: posts, moderators' notes and articles."""

from django.db import migrations

from markup.render import render_markdown

FIELDS = [
    ("forum", "Post", "body", "body_html"),
    ("forum", "ModeratorNote", "text", "text_html"),
    ("articles", "Article", "body", "body_html"),
]


def rerender(apps, schema_editor):
    for app_label, model_name, source, html in FIELDS:
        model = apps.get_model(app_label, model_name)
        for pk, text in model.objects.values_list("pk", source).iterator(chunk_size=500):
            model.objects.filter(pk=pk).update(**{html: render_markdown(text)})


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0008_rendered_markup_fields_no_flagged_post"),
        ("articles", "0002_rendered_markup_field"),
    ]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop, elidable=True)]
