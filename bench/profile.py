"""
Where a full render spends its time: a profile of one page kind.

    python -m bench.profile post [--layers-off pages,fragments,values,post-extras]
    python -m bench.profile home list post category --cpu-only

Runs against the database `make bench` seeded (run that once first), in
production shape (DEBUG off), with the given caching layers switched off as
bench.layers does (default: every layer, so each request renders the whole
page). It sends the page's requests through Django's WSGI handler in this
process, under cProfile, and prints the functions that cost the most time
including what they call, and the server CPU per request without the
profiler.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time

from bench.run import OUT, environment

ALL_LAYERS = "pages,fragments,values,post-extras"


def wsgi_get(application, path: str) -> bytes:
    """One anonymous GET as a browser sends it, through the WSGI handler."""
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_ENCODING": "gzip, br",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    status = []
    body = b"".join(application(environ, lambda code, headers, *_: status.append(code)))
    if not status[0].startswith("200"):
        raise SystemExit(f"{path}: {status[0]}")
    return body


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kinds", nargs="+", help="home, page, list, post, …")
    parser.add_argument("--layers-off", default=ALL_LAYERS)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--cpu-only", action="store_true", help="no profile, only the CPU times"
    )
    options = parser.parse_args()

    if not (OUT / "bench.sqlite3").exists() and "BENCH_DATABASE_URL" not in os.environ:
        sys.exit("No benchmark database: run `make bench` once.")
    env = environment() | {"BENCH_LAYERS_OFF": options.layers_off}
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pusteblume_site.settings"

    from bench.layers_wsgi import application
    from bench.run import page_kinds

    urls = page_kinds(env)
    for kind in options.kinds:
        profile_page(application, kind, urls[kind], options)


def profile_page(application, kind: str, url: str, options) -> None:
    for _ in range(20):  # warm up: imports, templates, connections
        wsgi_get(application, url)

    started = time.process_time()
    for _ in range(options.requests):
        wsgi_get(application, url)
    cpu_ms = (time.process_time() - started) * 1000 / options.requests
    if not options.cpu_only:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(options.requests):
            wsgi_get(application, url)
        profile.disable()
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(options.top)
        stats.sort_stats("tottime").print_stats(options.top)
    print(f"{kind} {url}: {cpu_ms:.2f} ms CPU per request in this process")


if __name__ == "__main__":
    main()
