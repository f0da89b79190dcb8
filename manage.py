#!/usr/bin/env python
import os
import sys


def main() -> None:
    # Without an explicit DJANGO_SETTINGS_MODULE: production, which refuses to start
    # without its environment (fail closed). `make run`/`make worker` choose dev.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
