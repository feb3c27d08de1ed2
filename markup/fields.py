"""
Where rendered markup is stored: a model field holding the sanitized HTML made from
the Markdown in another field of the same model (`source`). It is a TextField that
also says where its HTML comes from, so that `manage.py rerender_markup` finds every
such field in every app without being told of them, and no stored HTML is forgotten
when the pipeline's allowlist changes.
"""

from django.db import models


class RenderedMarkupField(models.TextField):
    def __init__(self, *args, source, **kwargs):
        self.source = source
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        kwargs["source"] = self.source
        return name, path, args, kwargs


def rendered_fields():
    """Every (model, field) that stores rendered markup, across the installed apps."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, RenderedMarkupField):
                yield model, field
