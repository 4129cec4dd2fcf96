"""The one console script, `casereviews`.

The theme engine's commands (`tag`, `analyse`) run without Django so that they start fast and
work as a plain library on a corpus; everything else is a Django management command.
"""

from __future__ import annotations

import os
import sys

ENGINE_COMMANDS = {"tag", "analyse"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in ENGINE_COMMANDS:
        import signal

        from casereviews.analysis.cli import main as engine_main

        # Piped into `head` and the like: stop quietly when the reader goes away.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

        sys.exit(engine_main(argv[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereviews.config.settings")
    from django.core.management import execute_from_command_line

    argv[0] = "casereviews"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
