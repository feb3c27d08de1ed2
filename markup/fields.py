"""
Where rendered markup is stored: a model field holding the sanitized HTML made from
the Markdown in another field of the same model (`source`). It is a TextField that
also says where its HTML comes from, so that `manage.py rerender_markup` finds every
such field in every app without being told of them, and no stored HTML is forgotten
when the pipeline's allowlist changes.
"""

from django.db import models
from django.utils.module_loading import import_string


class RenderedMarkupField(models.TextField):
    """`renderer`, if given, is the dotted path of the function its owner renders the
    source with (a forum post's links its @mentions); otherwise the pipeline's own
    render_markdown."""

    def __init__(self, *args, source, renderer=None, **kwargs):
        self.source = source
        self.renderer = renderer
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        kwargs["source"] = self.source
        if self.renderer:
            kwargs["renderer"] = self.renderer
        return name, path, args, kwargs

    def render(self, source):
        """The HTML this field stores for `source`."""
        if self.renderer:
            return import_string(self.renderer)(source)
        from .render import render_markdown

        return render_markdown(source)


def rendered_fields():
    """Every (model, field) that stores rendered markup, across the installed apps."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, RenderedMarkupField):
                yield model, field
