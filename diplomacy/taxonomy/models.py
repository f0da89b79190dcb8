from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    """An area of work, shared by partners, delegations, programs and publications."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    if TYPE_CHECKING:  # the columns modeltranslation adds (taxonomy/translation.py)
        name_ar: str | None
        name_en: str | None

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name or self.slug


class Region(models.Model):
    """One of the regions of North and East Syria."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    if TYPE_CHECKING:  # the columns modeltranslation adds (taxonomy/translation.py)
        name_ar: str | None
        name_en: str | None

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name or self.slug
