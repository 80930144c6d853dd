"""Small template helpers shared by every page: accessible form fields and health badges."""

from django import forms, template

from experiments.tables import health_badge

register = template.Library()


@register.simple_tag
def field_widget(field, **extra_attrs):
    """Render a bound field's widget with its help text and errors tied to it (aria-describedby)."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_errors")
    attrs = dict(extra_attrs)
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def health(value, label):
    return health_badge(value, label)


@register.filter
def is_multi(field) -> bool:
    """True for radio and checkbox groups, which need a fieldset and legend instead of a label."""
    return isinstance(field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))
