from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    """Render every form, allauth's included, with the site's own field markup."""

    form_template_name = "includes/form_div.html"
    field_template_name = "includes/field.html"
