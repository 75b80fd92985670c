"""Start-up shared by the benchmarks: a throwaway site folder, then Django.

Everything Django reads at import time (``DATABASE_URL``, ``MEDIA_ROOT``,
``SECRET_KEY`` …) has to be in the environment before ``django.setup()``, so
each benchmark calls ``configure()`` first and imports the project after it.
"""

import os
import secrets
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SETTINGS = "newsroom.settings.bench"


def configure(database_url=None, media_root=None, work_dir=None, settings=SETTINGS):
    """Point Django at a database and a media folder, and set it up.

    Without ``database_url`` the database is SQLite in ``work_dir`` (by
    default the media folder's parent, else a new temporary folder), which
    also holds ``STATIC_ROOT``. Returns the work folder.
    """
    if work_dir is None:
        work_dir = Path(media_root).parent if media_root else tempfile.mkdtemp(prefix="newsroom-")
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{work_dir / 'db.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(Path(media_root or work_dir / "media").resolve())
    os.environ["NEWSROOM_VAR_DIR"] = str(work_dir)
    os.environ.setdefault("STATIC_ROOT", str(work_dir / "static"))
    Path(os.environ["STATIC_ROOT"]).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))

    import django

    django.setup()
    return work_dir


def remove(path):
    shutil.rmtree(path, ignore_errors=True)


def command_line():
    """The command that was run, to print beside its figures."""
    script = Path(sys.argv[0]).resolve()
    try:
        script = script.relative_to(REPO)
    except ValueError:
        pass
    return shlex.join([".venv/bin/python", str(script), *sys.argv[1:]])
