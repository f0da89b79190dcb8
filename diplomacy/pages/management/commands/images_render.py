"""Make the renditions that are missing, for every image field an app declares
(`rendered_images` in its portal.py): run once after upgrading, when logos and program
covers joined the renditions pipeline; safe to run again (it skips what is done)."""

from django.core.management.base import BaseCommand
from django.db.models import F

from diplomacy.images import rendered_images, renditions_refresh


class Command(BaseCommand):
    help = "Render the missing image renditions (covers, images in texts, logos)."

    def handle(self, *args, **options) -> None:
        for (label, field), image in rendered_images().items():
            pending = (
                image.model_class()
                ._default_manager.exclude(**{field: ""})
                .exclude(**{image.source_field: F(field)})
                .values_list("pk", flat=True)
            )
            made = failed = 0
            for pk in pending.iterator():
                try:
                    made += renditions_refresh(image=image, pk=pk)
                except OSError as error:  # a file gone missing: say so, go on
                    failed += 1
                    self.stderr.write(f"{label}.{field} #{pk}: {error}")
            self.stdout.write(f"{label}.{field}: {made} rendered, {failed} failed")
