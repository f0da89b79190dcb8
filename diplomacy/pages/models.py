from django.db import models
from django.utils.translation import gettext_lazy as _

from diplomacy.revisions.registry import register_revised
from diplomacy.richtext import sanitize_html


class Page(models.Model):
    """A page of the portal's own text (home, about), edited by staff in both languages."""

    HOME = "home"
    ABOUT = "about"
    KEY_CHOICES = [(HOME, _("Home")), (ABOUT, _("About the center"))]

    key = models.SlugField(_("page"), choices=KEY_CHOICES, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Rich text; unsafe markup is removed.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title or self.key

    def save(self, *args, **kwargs) -> None:
        for field in ("body_ar", "body_en"):
            setattr(self, field, sanitize_html(getattr(self, field) or ""))
        super().save(*args, **kwargs)


register_revised(Page, translated=("title", "summary", "body"))
