"""Signals other apps may listen to.

`translation_approved` is sent inside the approval's transaction, after the target
fields were written: an app with its own per-language workflow (publications) moves that
language version to review or publication here.
Arguments: sender (the model), instance, language (the target language), job, actor.
"""

from django.dispatch import Signal

translation_approved = Signal()
