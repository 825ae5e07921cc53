"""
What each caching layer saves: `make bench-layers`.

    python -m bench.layers

Starts the site in production shape once per configuration, side by side,
each with some layers switched off (bench/layers_wsgi.py), and measures the
server CPU per request on the main page kinds with wrk, as bench.run does
(the median of three runs, the servers taking turns). Most rows have the
page cache off, so they show what the other layers save when a page has to
be rendered; the last rows use Redis, where the per-process copy matters.

Environment: as bench.run (BENCH_DATABASE_URL, BENCH_SECONDS, BENCH_POSTS),
plus BENCH_REDIS_URL (default redis://127.0.0.1:6379/14).
"""

import os
import statistics
import urllib.request

from bench.run import cpu_seconds, page_kinds, prepare, process_tree, wrk
from tests.servers import start_gunicorn

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
KINDS = ("home", "page", "list", "post", "category")
REPEATS = 3  # the median of three wrk runs per page kind

# (label, layers off, Redis?)
CONFIGURATIONS = [
    ("every layer on", "", False),
    ("page cache off", "pages", False),
    ("  and fragments off", "pages,fragments", False),
    ("  and values off", "pages,values", False),
    ("  and post extras off", "pages,post-extras", False),
    ("every layer off", "pages,fragments,values,post-extras", False),
    ("Redis: every layer on", "", True),
    ("Redis: local copy off", "local-copy", True),
    ("Redis: page cache off", "pages", True),
    ("Redis:   and local copy off", "pages,local-copy", True),
]


def measure(envs: list[dict[str, str]], urls: dict[str, str]) -> list[dict]:
    """
    Server CPU ms per request for each configuration and page kind. All
    servers run side by side and take turns, so a busy moment on the machine
    spreads over every configuration instead of falsifying one.
    """
    servers = [start_gunicorn(env, workers=2, app="bench.layers_wsgi") for env in envs]
    try:
        for server in servers:
            for kind in KINDS:
                for _ in range(3):  # fill whatever the configuration keeps
                    urllib.request.urlopen(server.url + urls[kind]).read()
        runs = [{kind: [] for kind in KINDS} for _ in servers]
        for _ in range(REPEATS):
            for server, costs in zip(servers, runs, strict=True):
                pids = process_tree(server.process.pid)
                for kind in KINDS:
                    before = cpu_seconds(pids)
                    result = wrk(server.url + urls[kind])
                    if result["errors"]:
                        raise SystemExit(f"{kind}: {result['errors']} failed")
                    spent = (cpu_seconds(pids) - before) * 1000
                    costs[kind].append(spent / result["requests"])
    finally:
        for server in servers:
            server.stop()
    return [
        {kind: statistics.median(values[kind]) for kind in KINDS} for values in runs
    ]


def main() -> None:
    env = prepare()
    urls = page_kinds(env)

    envs = []
    for number, (_, layers, redis) in enumerate(CONFIGURATIONS):
        run_env = env | {"BENCH_LAYERS_OFF": layers}
        if redis:
            run_env |= {
                "REDIS_URL": REDIS_URL,
                "DJANGO_CACHE_KEY_PREFIX": f"bench-layers-{os.getpid()}-{number}",
            }
        envs.append(run_env)
    print(f"Measuring {len(envs)} configurations side by side …", flush=True)
    costs = measure(envs, urls)
    rows = [
        (label, cost) for (label, _, _), cost in zip(CONFIGURATIONS, costs, strict=True)
    ]

    header = f"{'server CPU ms per request':<28}" + "".join(
        f"{kind:>10}" for kind in KINDS
    )
    print()
    print(header)
    print("-" * len(header))
    for label, costs in rows:
        print(f"{label:<28}" + "".join(f"{costs[kind]:>10.2f}" for kind in KINDS))

    by_label = dict(rows)
    print("\nSaved by each layer (share of the CPU the page costs without it):")
    savings = [
        ("page cache", "page cache off", "every layer on"),
        ("fragments", "  and fragments off", "page cache off"),
        ("values", "  and values off", "page cache off"),
        ("post extras", "  and post extras off", "page cache off"),
        ("local copy, cached pages", "Redis: local copy off", "Redis: every layer on"),
        (
            "local copy, rendered pages",
            "Redis:   and local copy off",
            "Redis: page cache off",
        ),
    ]
    for name, without, with_ in savings:
        shares = "".join(
            f"{1 - by_label[with_][kind] / by_label[without][kind]:>10.0%}"
            for kind in KINDS
        )
        print(f"{name:<28}{shares}")


if __name__ == "__main__":
    main()
