#!/usr/bin/env python
"""
Send one newsletter issue to 10,000 subscribers into a local SMTP sink.

    .venv/bin/python -m bench.newsletter_bench [--subscribers 10000]

Runs the same code the worker runs (newsletter.delivery.deliver_issue) over
Django's SMTP backend against an aiosmtpd sink in a separate process, so the
sink's CPU does not count against the sender. Uses a throwaway SQLite file,
or, with DATABASE_URL set, a separate test database on that server (created
and dropped here; the named database itself is never touched).

Prints the wall time, the sender's CPU time, mails per second, the peak
resident memory of the process, and in a second run the peak Python heap
during the send (tracemalloc, which slows that run down).
"""

import argparse
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc

from tests.servers import free_port


def run_sink(port: int) -> None:
    """Child process: accept mail, count it, answer "count" on stdin."""
    from aiosmtpd.controller import Controller

    class Counter:
        messages = 0
        with_unsubscribe = 0

        async def handle_DATA(self, server, session, envelope):
            self.messages += 1
            self.with_unsubscribe += b"\nList-Unsubscribe-Post:" in envelope.content
            return "250 OK"

    handler = Counter()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "count":
            print(handler.messages, handler.with_unsubscribe, flush=True)
    controller.stop()


class Sink:
    def __init__(self) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.newsletter_bench", "--sink", str(self.port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def count(self) -> tuple[int, int]:
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        messages, with_unsubscribe = self.process.stdout.readline().split()
        return int(messages), int(with_unsubscribe)

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


def configure_environment(sink_port: int, workdir: str) -> bool:
    """Point Django at the sink and a scratch database; True if SQLite file."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pusteblume_site.settings")
    os.environ["DJANGO_DEBUG"] = "0"  # no query log growing with every mail
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["DJANGO_ALLOWED_HOSTS"] = "localhost"
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{sink_port}"
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    if os.environ.get("DATABASE_URL"):
        return False
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/newsletter-bench.sqlite3"
    return True


def seed(count: int):
    from django.utils import timezone

    from newsletter.models import ConsentText, Issue, Subscriber

    consent = ConsentText.objects.current()
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"leserin{n}@example.org",
                first_name="Anna" if n % 2 else "",
                status=Subscriber.Status.CONFIRMED,
                consent_text=consent,
                subscribed_at=now,
                confirmed_at=now,
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    issues = []
    for name in ("zeit", "speicher"):
        issue = Issue.objects.create(
            subject="Ausgebucht ohne Akquise: drei Dinge, die sofort helfen",
            slug=f"bench-{name}",
            preheader="Warum Geschichten mehr verkaufen als Leistungslisten.",
            body=BODY,
            include_latest_posts=True,
        )
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
        issues.append(issue)
    return issues


BODY = """\
heute geht es um die Frage, die mir am häufigsten gestellt wird: **Wie komme
ich an Aufträge, ohne ständig Klinken zu putzen?**

## 1. Erzähl eine Geschichte statt einer Leistungsliste

Niemand bucht „Beratung, Konzeption, Umsetzung“. Menschen buchen die Expertin,
die einer Bäckerei zu doppelt so vielen Vorbestellungen verholfen hat.

## 2. Sag einmal im Monat laut, woran du arbeitest

Ein kurzer Beitrag, eine Mail an frühere Kundinnen, ein Foto vom Workshop.
[Mehr dazu im Blog](/blog/).

> Sichtbarkeit ist kein Talent. Sie ist eine Gewohnheit.
"""


def send(issue) -> tuple[float, float, object]:
    from newsletter.delivery import deliver_issue

    wall, cpu = time.perf_counter(), time.process_time()
    progress = deliver_issue(issue_id=issue.pk)
    return time.perf_counter() - wall, time.process_time() - cpu, progress


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        return run_sink(args.sink)

    sink = Sink()
    workdir = tempfile.TemporaryDirectory()
    sqlite_file = configure_environment(sink.port, workdir.name)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.NEWSLETTER_BATCH_SIZE = args.batch_size
    settings.NEWSLETTER_BATCH_PAUSE = 0
    if sqlite_file:
        call_command("migrate", verbosity=0)
        database = f"SQLite file in {workdir.name}"
    else:
        old_name = connection.settings_dict["NAME"]
        # Its own name, so a test run on the same server is never clobbered.
        connection.settings_dict["TEST"]["NAME"] = f"{old_name}_newsletter_bench"
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        scratch = connection.settings_dict["NAME"]
        database = f"{connection.vendor}, scratch database {scratch}"

    try:
        timed, traced = seed(args.subscribers)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        wall, cpu, progress = send(timed)
        if os.environ.get("BENCH_PROFILE"):
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        received, with_headers = sink.count()
        first_issue_ok = received == with_headers == progress.sent == args.subscribers

        tracemalloc.start()
        traced_wall, _, traced_progress = send(traced)
        _, heap_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        received_in_all, _ = sink.count()
    finally:
        if not sqlite_file:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        sink.stop()
        workdir.cleanup()

    batches = -(-args.subscribers // args.batch_size)
    lines = [
        f"Newsletter bench: one issue to {args.subscribers:,} subscribers",
        f"  database            {database}",
        f"  batch size          {args.batch_size} (pause 0 s; the default pause of",
        f"                      1 s would add {batches} s of deliberate waiting)",
        f"  sent / failed       {progress.sent:,} / {progress.failed:,}",
        f"  received by sink    {received:,}, {with_headers:,} with one-click headers",
        f"  wall time           {wall:.1f} s ({progress.sent / wall:,.0f} mails/s)",
        f"  sender CPU time     {cpu:.1f} s ({cpu / progress.sent * 1000:.2f} ms/mail)",
        f"  peak RSS            {rss_after / 1024:.0f} MB "
        f"(before the send: {rss_before / 1024:.0f} MB)",
        f"  peak Python heap    {heap_peak / 2**20:.1f} MB during the send "
        f"(tracemalloc run: {traced_wall:.1f} s, {traced_progress.sent:,} sent)",
    ]
    print("\n".join(lines))
    if not first_issue_ok or received_in_all != 2 * args.subscribers:
        sys.exit("Mails were lost or duplicated.")


if __name__ == "__main__":
    main()
