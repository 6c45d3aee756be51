from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crisis.checks import problems
from crisis.pages import PAGES_DIR, stale_pages, write_pages
from crisis.resources import read_data


class Command(BaseCommand):
    help = "Write the static crisis pages (/crisis/ and /crisis/<cc>/) from crisis/resources.json."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=PAGES_DIR, help="Folder to write into.")
        parser.add_argument(
            "--check", action="store_true", help="Write nothing; fail when the pages there are out of date."
        )

    def handle(self, *args, output: Path, check: bool, **options):
        found = problems(read_data())
        if found:
            raise CommandError("crisis/resources.json needs fixing first:\n" + "\n".join(found))
        if check:
            stale = stale_pages(output)
            if stale:
                raise CommandError(
                    "These crisis pages are out of date; run manage.py build_crisis_pages: " + ", ".join(stale)
                )
            self.stdout.write("The crisis pages are up to date.")
            return
        changed = write_pages(output)
        self.stdout.write(f"Wrote the crisis pages into {output} ({len(changed)} changed).")
