"""A 12-megapixel photo uploaded through the admin: Newsroom against stock Wagtail.

Run from the repository root:

    .venv/bin/python bench/upload.py [--repeat 5] [--ready 3] [--formats avif,webp]
        [--no-immediate]

Makes a 4000x3000 JPEG for every upload (a gradient under noise, about 5 MB
at quality 92, as a camera's), and uploads it over HTTP, logged in, through
the admin's two upload views: the single *Add an image* form, and the
multiple uploader's two requests (the file, then its details: for Newsroom
the second request makes the photo, as its credit is required; for stock
Wagtail the first makes it and the second saves the details). Each server is
a gunicorn process (one worker) on 127.0.0.1 with a throwaway SQLite
database and media folder:

- *stock Wagtail*: ``wagtailimages.Image`` with Wagtail's forms and views and
  nothing of Newsroom (``bench/stock_site.py``), the same database options,
  upload limits and task backend;
- *Newsroom, renditions queued*: the reference site (``newsroom.settings.bench``)
  with ``TASKS_BACKEND=database``, as ``make run`` and production run it:
  the upload enqueues its renditions for the worker;
- *Newsroom, renditions in the request* (unless ``--no-immediate``): the same
  site with the immediate task backend, what ``make run`` did before.

The comparison is fair to Wagtail: the stock site makes no renditions at
upload (it has no reader sizes to make), so it is the floor; the difference
to Newsroom queued is what Newsroom adds to the request (its checks of the
file, the credit and the queued task). The servers take turns, upload by
upload, with no task worker running, so none of them shares the CPU with
renditions. Prints the median (and range) of each request's seconds.

Then ``--ready`` times, for Newsroom with ``manage.py db_worker`` running
(as ``make run`` starts it, polling the queue every second), from sending the
upload until every rendition the reader pages use (``media.sizes``) is in
the database. The renditions are made in ``--formats`` (``make run``'s:
AVIF and WebP, besides the original format).
"""

import argparse
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import REPO, command_line, configure, remove  # noqa: E402

SIZE = (4000, 3000)
TARGET = 2.0  # seconds for Newsroom's upload request
USER, PASSWORD = "bench", "bench-upload-pw-1"
VENV_BIN = Path(sys.executable).parent


def photo_jpeg(n):
    """A 12-megapixel JPEG that compresses like a photo, different for every ``n``."""
    from PIL import Image

    channels = [
        Image.linear_gradient("L").resize(SIZE),
        Image.radial_gradient("L").resize(SIZE),
        Image.linear_gradient("L").rotate(90 + n * 7).resize(SIZE),
    ]
    noise = Image.merge("RGB", [Image.effect_noise(SIZE, 40 + n % 5) for _ in range(3)])
    picture = Image.blend(Image.merge("RGB", channels), noise, 0.3)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


class LoopbackCookies(DefaultCookiePolicy):
    """Sends the production settings' Secure cookies over loopback HTTP."""

    def return_ok_secure(self, cookie, request):
        return True


class Admin:
    """One logged-in admin session on one server."""

    def __init__(self, url):
        from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

        self.url = url
        self.cookies = CookieJar(LoopbackCookies())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )
        self._encode = lambda data: encode_multipart(BOUNDARY, data)
        self._content_type = MULTIPART_CONTENT
        self.request("GET", "/admin/login/")
        status, _ = self.request("POST", "/admin/login/", {"username": USER, "password": PASSWORD})
        assert status == 302, f"could not log in to {url}: {status}"

    def request(self, method, path, data=None, accept="text/html"):
        headers = {"Accept": accept}
        body = None
        if method == "POST":
            token = next(c.value for c in self.cookies if c.name == "csrftoken")
            headers.update({"X-CSRFToken": token, "Content-Type": self._content_type})
            body = self._encode(data)
        request = urllib.request.Request(self.url + path, body, headers, method=method)  # noqa: S310
        try:
            with self.opener.open(request, timeout=600) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def timed_post(self, path, data, accept="text/html"):
        started = time.perf_counter()
        status, body = self.request("POST", path, data, accept)
        return time.perf_counter() - started, status, body


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def upload_single(admin, name, jpeg, credit):
    file = io.BytesIO(jpeg)
    file.name = f"{name}.jpg"
    seconds, status, body = admin.timed_post(
        "/admin/images/add/", {"title": name, "credit": credit, "file": file, "collection": 1}
    )
    assert status == 302, f"add image: {status} {body[:3000]!r}"
    return seconds


def upload_multiple(admin, name, jpeg, credit):
    """The multiple uploader's two requests: (seconds for the file, for the details)."""
    file = io.BytesIO(jpeg)
    file.name = f"{name}.jpg"
    first, status, body = admin.timed_post(
        "/admin/images/multiple/add/", {"files[]": file}, accept="application/json"
    )
    answer = json.loads(body)
    assert status == 200 and answer["success"], f"multiple upload: {status} {body[:3000]!r}"
    if "uploaded_file_id" in answer:  # Newsroom: the photo is made with its credit
        pk, prefix = answer["uploaded_file_id"], "uploaded-image"
        path = f"/admin/images/multiple/create_from_uploaded_image/{pk}/"
    else:  # stock Wagtail: the image exists; its details are saved
        pk, prefix = answer["image_id"], "image"
        path = f"/admin/images/multiple/{pk}/"
    details = {f"{prefix}-{pk}-title": name, f"{prefix}-{pk}-credit": credit}
    details[f"{prefix}-{pk}-collection"] = 1
    second, status, body = admin.timed_post(path, details, accept="application/json")
    assert status == 200 and json.loads(body)["success"], f"details: {status} {body[:3000]!r}"
    return first, second


class Servers:
    """The gunicorns and the worker this benchmark starts; all stopped by ``close()``."""

    def __init__(self, work_dir):
        self.work_dir = work_dir
        self.processes = []

    def start(self, name, env, *args):
        log = open(self.work_dir / f"{name}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(args, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append((name, process, log))
        return process

    def gunicorn(self, name, env, app):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.start(
            name,
            env,
            str(VENV_BIN / "gunicorn"),
            app,
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            "--timeout=600",
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/admin/login/", timeout=5).close()  # noqa: S310
                return url
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"{name} did not start:\n{self.log(name)}") from None
                time.sleep(0.3)

    def log(self, name):
        return (self.work_dir / f"{name}.log").read_text()[-3000:]

    def close(self):
        for _, process, _ in self.processes:
            process.terminate()
        for _, process, log in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


def manage(env, *args):
    subprocess.run(
        [sys.executable, "-m", "django", *args], cwd=REPO, env=env, check=True, capture_output=True
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="uploads per server and view")
    parser.add_argument("--ready", type=int, default=3, help="uploads timed until ready")
    parser.add_argument("--formats", default="avif,webp", help="NEWSROOM_IMAGE_FORMATS")
    parser.add_argument("--no-immediate", action="store_true", help="skip the immediate backend")
    args = parser.parse_args()
    os.environ["TASKS_BACKEND"] = "database"
    os.environ["NEWSROOM_IMAGE_FORMATS"] = args.formats
    os.environ["LOG_LEVEL"] = "ERROR"
    work_dir = configure()
    servers = Servers(work_dir)
    try:
        run(args, work_dir, servers)
    finally:
        servers.close()
        remove(work_dir)


def run(args, work_dir, servers):
    from django.core.management import call_command

    account = {
        "DJANGO_SUPERUSER_USERNAME": USER,
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        "DJANGO_SUPERUSER_EMAIL": "bench@example.com",
    }
    ours = {**os.environ, **account}
    call_command("migrate", verbosity=0)
    manage(ours, "createsuperuser", "--noinput")
    stock = {
        **ours,
        "DJANGO_SETTINGS_MODULE": "bench.stock_site",
        "STOCK_DATABASE": str(work_dir / "stock.sqlite3"),
        "MEDIA_ROOT": str(work_dir / "stock-media"),
        "PYTHONPATH": str(REPO),
    }
    manage(stock, "migrate", "-v0")
    manage(stock, "createsuperuser", "--noinput")

    sites = {
        "stock Wagtail": servers.gunicorn("stock", stock, "django.core.wsgi:get_wsgi_application()")
    }
    sites["Newsroom, renditions queued"] = servers.gunicorn("queued", ours, "newsroom.wsgi")
    if not args.no_immediate:
        immediate = {**ours, "TASKS_BACKEND": "immediate"}
        sites["Newsroom, renditions in the request"] = servers.gunicorn(
            "immediate", immediate, "newsroom.wsgi"
        )
    admins = {name: Admin(url) for name, url in sites.items()}

    sample = photo_jpeg(0)
    print(command_line())
    print(
        f"{SIZE[0]}x{SIZE[1]} JPEG, {len(sample) / 1e6:.1f} MB; {args.repeat} uploads per "
        f"server and view; formats {args.formats}; {os.cpu_count()} CPUs"
    )
    columns = ("add image", "multiple: file", "multiple: details", "multiple: both")
    times = {name: {column: [] for column in columns} for name in sites}
    n = 0
    for rep in range(args.repeat):
        order = list(sites) if rep % 2 == 0 else list(reversed(sites))
        for name in order:
            n += 1
            single = upload_single(admins[name], f"single {n}", photo_jpeg(n), "Bench")
            n += 1
            first, second = upload_multiple(admins[name], f"multiple {n}", photo_jpeg(n), "Bench")
            measured = (single, first, second, first + second)
            for column, seconds in zip(columns, measured, strict=True):
                times[name][column].append(seconds)

    print(f"\nseconds per request, median (min-max) of {args.repeat}:")
    print(f"{'':<38}" + "".join(f"{column:>22}" for column in columns))
    for name in sites:
        cells = "".join(
            f"{statistics.median(v):>8.2f} ({min(v):.2f}-{max(v):.2f})".rjust(22)
            for v in times[name].values()
        )
        print(f"{name:<38}{cells}")
    medians = {name: {c: statistics.median(v) for c, v in times[name].items()} for name in sites}
    for name in list(sites)[1:]:
        stock = medians["stock Wagtail"]
        ratios = "".join(f"{medians[name][c] / stock[c]:>22.2f}" for c in columns)
        print(f"{'ratio ' + name.split(', ')[1] + ' / stock':<38}{ratios}")
    queued = times["Newsroom, renditions queued"]
    worst = max(statistics.median(queued[c]) for c in ("add image", "multiple: both"))
    verdict = "met" if worst < TARGET else "NOT met"
    print(f"target: Newsroom's upload under {TARGET:g} s: {verdict} (slowest median {worst:.2f} s)")

    ready(args, admins["Newsroom, renditions queued"], servers, ours, n)


def ready(args, admin, servers, env, n):
    """Upload → every reader rendition in the database, with the worker running."""
    from django_tasks_db.models import DBTaskResult
    from wagtail.images import get_image_model

    from media.sizes import upload_specs

    # The uploads above queued their renditions with no worker to make them; a
    # worker would start on that backlog. Only the photos timed here count.
    DBTaskResult.objects.filter(status="READY").delete()
    servers.start(
        "worker", env, sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"
    )
    wanted = len(upload_specs())
    Photo = get_image_model()
    totals, requests, task_runs = [], [], []
    for _ in range(args.ready):
        n += 1
        jpeg = photo_jpeg(n)
        started = time.perf_counter()
        requests.append(upload_single(admin, f"ready {n}", jpeg, "Bench"))
        photo = Photo.objects.get(title=f"ready {n}")
        while photo.renditions.count() < wanted:
            if time.perf_counter() - started > 600:
                raise SystemExit(f"renditions not ready after 600 s:\n{servers.log('worker')}")
            time.sleep(0.05)
        totals.append(time.perf_counter() - started)
        # The worker records the task's end just after its last rendition.
        tasks = DBTaskResult.objects.filter(args_kwargs__args=[photo.pk])
        while (task := tasks.get()).finished_at is None:
            time.sleep(0.05)
        task_runs.append((task.finished_at - task.started_at).total_seconds())
    print(
        f"\nupload -> all {wanted} renditions ready (worker, database backend), "
        f"median (min-max) of {args.ready}: {statistics.median(totals):.1f} s "
        f"({min(totals):.1f}-{max(totals):.1f}); of which the upload request "
        f"{statistics.median(requests):.2f} s and the worker's task "
        f"{statistics.median(task_runs):.1f} s"
    )


if __name__ == "__main__":
    main()
