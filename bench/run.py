# ruff: noqa: E501  (report lines are long on purpose)
"""The benchmark runner (bench/run is its executable wrapper). See docs/BENCH_NOTES.md, "Benchmarks".

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idk_bench bench/run --experiments 100000

1. Checks the data: row counts are printed first, and it refuses to report on fewer experiments than asked
   (or without the 1,000-update experiment made by bench.generator).
2. In-process timings (django.test.Client, the WSGI stack with every middleware, DEBUG off, a logged-in
   coordinator): median and p95 of server time over repeated requests, and the query count of one request
   (CaptureQueriesContext), for the app's pages, the Django admin changelist baseline and the floor.
   Pages whose URL does not exist yet (reports: dashboard, CSV export) print "not available yet".
3. Throughput: gunicorn (2 sync workers, DEBUG off) with locust on loopback, 60 s each:
   (a) 16 users waiting 0.5–1.5 s, (b) 16 users not waiting.
4. The reminder sweep over all experiments, in a subprocess: wall time, queries, peak RSS (only if the
   reminders app has a sweep; the sweep's writes are rolled back).

Results go to stdout and bench/results/<timestamp>.json (+ latest.json). A page that misses its time target is
profiled with pyinstrument into bench/results/profile-<name>.txt.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
PYTHON = sys.executable
SECRET = "bench-secret-key-" + "s" * 60
STATIC_ROOT = ""  # a temporary collectstatic target (the manifest storage needs one with DEBUG off)

TARGET_MS = 80.0
TARGET_QUERIES = 12
TARGET_ADMIN_RATIO = 0.8
TARGET_LOAD_P95_MS = 300.0
TARGET_SWEEP_S = 60.0
TARGET_SWEEP_MB = 300.0

# Candidate URL names for pages other engineers are building; the first that reverses is used.
DASHBOARD_NAMES = ["reports:dashboard", "reports:index", "reports:home"]
EXPORT_NAMES = [
    "reports:portfolio_csv",
    "reports:export_csv",
    "reports:csv",
    "reports:export",
    "experiments:export_csv",
    "experiments:export",
]


def production_env(extra: dict | None = None) -> dict:
    """DEBUG off, as in production, but on plain HTTP on loopback."""
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        LOG_LEVEL="WARNING",
    )
    if STATIC_ROOT:
        env["STATIC_ROOT"] = STATIC_ROOT
    env.update(extra or {})
    return env


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


# =============================================================================================
# In-process part (runs inside Django; the parent sets the environment first)
# =============================================================================================


def setup_django() -> None:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    django.setup()


def check_rows(asked: int) -> dict:
    from django.apps import apps
    from django.db import connection

    from bench.generator import BIG_SLUG
    from experiments.models import StatusUpdate

    counts = {}
    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    if connection.vendor != "postgresql":
        sys.exit("bench/run reports on PostgreSQL only (set DATABASE_URL=postgres://...).")
    for label in [
        "accounts.User",
        "experiments.Experiment",
        "experiments.StatusUpdate",
        "experiments.PhaseChange",
        "consolidation.Milestone",
        "consolidation.ContinuationPlan",
        "consolidation.Decision",
        "consolidation.Handover",
        "consolidation.Meeting",
        "mva.Assessment",
        "reminders.Reminder",
        "reminders.Thread",
    ]:
        app_label, _, model_name = label.partition(".")
        if not apps.is_installed(app_label):
            continue
        model = apps.get_model(app_label, model_name)
        if model._meta.db_table not in connection.introspection.table_names():
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(model._meta.db_table)}")
            counts[label] = cursor.fetchone()[0]
    print("row counts:")
    for label, rows in counts.items():
        print(f"  {label:35} {rows:>12,}")
    if counts["experiments.Experiment"] < asked:
        sys.exit(
            f"refusing to report: {counts['experiments.Experiment']:,} experiments, fewer than the {asked:,} asked. "
            f"Generate them: python -m bench.generator -n {asked} --reset"
        )
    big = StatusUpdate.objects.filter(experiment__slug=BIG_SLUG).count()
    if big < 1000:
        sys.exit(
            f"refusing to report: experiment {BIG_SLUG!r} has {big} status updates, not 1,000 (run bench.generator)"
        )
    if counts["experiments.Experiment"] > asked * 1.05:
        print(f"note: {counts['experiments.Experiment']:,} experiments, more than the {asked:,} asked")
    counts["big_experiment_updates"] = big
    return counts


def try_reverse(names: list[str], override_env: str) -> str | None:
    from django.urls import NoReverseMatch, reverse

    if os.environ.get(override_env):
        return os.environ[override_env]
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def fetch(client, url: str):
    """GET and read the whole body (a streaming response, e.g. the CSV export, is consumed here)."""
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def measure(client, url: str, repeats: int, warmup: int = 3) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response, content = fetch(client, url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as ctx:
        response, content = fetch(client, url)
    queries = len(ctx.captured_queries)
    db_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response, content = fetch(client, url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return {
        "url": url,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "queries": queries,
        "db_ms_one_request": round(db_ms, 1),
        "bytes": len(content),
        "lines": content.count(b"\n"),
        "repeats": repeats,
        "slowest_queries": sorted(
            ({"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:300]} for q in ctx.captured_queries),
            key=lambda q: -q["ms"],
        )[:3],
    }


def profile(client, url: str, name: str) -> str:
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "pyinstrument not installed (pip install -r bench/requirements.txt)"
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(5):
        client.get(url)
    profiler.stop()
    path = RESULTS_DIR / f"profile-{name}.txt"
    path.write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    return str(path.relative_to(BASE_DIR))


def in_process(args) -> dict:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from bench.generator import BIG_SLUG
    from consolidation.models import Meeting
    from experiments.models import Team

    counts = check_rows(args.experiments)
    User = get_user_model()
    coordinator = User.objects.get(username="bench_user_0")  # coordinator, staff and superuser (for the admin)
    client = Client()
    client.force_login(coordinator)
    # "My work" for a typical owner: the user whose owned-experiment count is the median.
    owners = list(
        User.objects.filter(username__startswith="bench_user_")
        .annotate(n=Count("owned_experiments"))
        .order_by("n", "pk")
    )
    typical = owners[len(owners) // 2]
    owner_client = Client()
    owner_client.force_login(typical)
    team = Team.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("-date").first()

    filtered = "phase=pilot&health=at_risk"
    sort = "sort=-last_update_on"
    admin_sort = "o=-7"  # admin column 7 = last_update_on
    search = args.search
    cases = [
        # name, our URL, admin URL, floor URL
        ("portfolio first page", "/", "/bench-admin/experiments/experiment/", "/bench-floor/"),
        (
            "portfolio filtered + sorted",
            f"/?{filtered}&{sort}",
            f"/bench-admin/experiments/experiment/?phase__exact=pilot&health__exact=at_risk&{admin_sort}",
            f"/bench-floor/?{filtered}&{sort}",
        ),
        (
            "portfolio search",
            f"/?q={search}",
            f"/bench-admin/experiments/experiment/?q={search}",
            f"/bench-floor/?q={search}",
        ),
    ]
    results: dict = {"rows": counts, "pages": {}, "skipped": []}
    repeats = args.repeats

    def record(name, url, c=client, kind="ours", n=repeats):
        try:
            r = measure(c, url, n)
        except Exception as exc:  # a page another engineer is still building: report it, go on
            print(f"  {name:34} {kind:6} ERROR {type(exc).__name__}: {str(exc)[:200]}")
            results["pages"].setdefault(name, {})[kind] = {"url": url, "error": f"{type(exc).__name__}: {exc}"[:500]}
            return None
        results["pages"].setdefault(name, {})[kind] = r
        print(
            f"  {name:34} {kind:6} median {r['median_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  {r['queries']:3d} queries"
        )
        return r

    print(f"\nin-process server time ({repeats} requests each after 3 warm-ups; DEBUG off):")
    for name, ours, admin_url, floor_url in cases:
        record(name, ours)
        record(name, admin_url, kind="admin")
        record(name, floor_url, kind="floor")
    record("portfolio page 200 (deep page)", "/?page=200")
    record(f"portfolio team filter ({team})", f"/?team={team.pk}")
    record("experiment detail, 1,000 updates", f"/experiments/{BIG_SLUG}/")
    record("experiment detail, history page 40", f"/experiments/{BIG_SLUG}/?page=40")
    if meeting:
        record("meeting pack", f"/consolidation/meetings/{meeting.pk}/", n=max(5, repeats // 3))
    record(f"my work ({typical.owned_experiments.count()} owned)", "/consolidation/my-work/", c=owner_client)
    dashboard = try_reverse(DASHBOARD_NAMES, "BENCH_DASHBOARD_URL")
    if dashboard:
        record("dashboard", dashboard, n=max(5, repeats // 3))
    else:
        print("  dashboard: not available yet")
        results["skipped"].append("dashboard: not available yet")
    export = try_reverse(EXPORT_NAMES, "BENCH_EXPORT_URL")
    if export:
        sep = "&" if "?" in export else "?"
        r = record("CSV export, ~10k rows (one team)", f"{export}{sep}team={team.pk}", n=5)
        if r:
            print(f"    ({r['lines'] - 1:,} rows exported)")
    else:
        print("  CSV export: not available yet")
        results["skipped"].append("CSV export: not available yet")

    # Ratios and targets.
    print("\nratios (median):")
    for name, *_ in cases:
        page = results["pages"][name]
        if any("error" in page[k] for k in ("ours", "admin", "floor")):
            continue
        page["ours_over_admin"] = round(page["ours"]["median_ms"] / page["admin"]["median_ms"], 2)
        page["ours_over_floor"] = round(page["ours"]["median_ms"] / page["floor"]["median_ms"], 2)
        print(f"  {name:34} ours/admin {page['ours_over_admin']:5.2f}   ours/floor {page['ours_over_floor']:5.2f}")

    # Profiles of what misses the time target.
    for name, page in results["pages"].items():
        ours = page.get("ours")
        if ours and "error" not in ours and ours["median_ms"] > TARGET_MS:
            c = owner_client if name.startswith("my work") else client
            page["profile"] = profile(c, ours["url"], name.split(" (")[0].replace(" ", "-").replace(",", ""))
            print(f"  profile of {name}: {page['profile']}")
    return results


# =============================================================================================
# Throughput (gunicorn + locust) and the reminder sweep: subprocesses
# =============================================================================================


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on {port}")


def throughput(args) -> dict:
    if shutil.which("locust", path=str(Path(PYTHON).parent)) is None:
        print("\nthroughput: locust is not installed (pip install -r bench/requirements.txt): skipped")
        return {"skipped": "locust not installed"}
    env = production_env()
    port = free_port()
    server_log = open(RESULTS_DIR / "gunicorn.log", "w")
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "idkportal.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=server_log,
    )
    results: dict = {"server": "gunicorn, 2 sync workers", "generator": "locust (headless), same machine"}
    try:
        wait_for_port(port)
        for key, wait in (("a_16_users_waiting", "1"), ("b_16_users_no_wait", "0")):
            prefix = RESULTS_DIR / f"locust-{key}"
            locust_env = dict(
                os.environ, BENCH_WAIT=wait, BENCH_EXPERIMENTS=str(args.experiments), BENCH_SEED=str(args.seed)
            )
            print(f"\nthroughput {key} ({args.duration} s) …", flush=True)
            subprocess.run(
                [
                    str(Path(PYTHON).parent / "locust"),
                    "-f",
                    str(BENCH_DIR / "locustfile.py"),
                    "--headless",
                    "-u",
                    "16",
                    "-r",
                    "16",
                    "-t",
                    f"{args.duration}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--stop-timeout",
                    "5",
                ],
                cwd=BASE_DIR,
                env=locust_env,
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=open(f"{prefix}.log", "w"),
            )
            results[key] = parse_locust(Path(f"{prefix}_stats.csv"))
            agg = results[key]["Aggregated"]
            print(
                f"  {key}: {agg['rps']:.1f} req/s, median {agg['median_ms']:.0f} ms, p95 {agg['p95_ms']:.0f} ms, "
                f"{agg['failures']} errors of {agg['requests']}"
            )
            for name, row in results[key].items():
                if name != "Aggregated":
                    print(
                        f"    {name:12} {row['rps']:6.1f} req/s  median {row['median_ms']:5.0f} ms  p95 {row['p95_ms']:5.0f} ms  "
                        f"errors {row['failures']}"
                    )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return results


def parse_locust(path: Path) -> dict:
    import csv

    rows = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "median_ms": float(row["Median Response Time"] or 0),
                "p95_ms": float(row["95%"] or 0) if row["95%"] != "N/A" else 0.0,
                "p99_ms": float(row["99%"] or 0) if row["99%"] != "N/A" else 0.0,
            }
    return rows


SWEEP_CHILD = r"""
import json, os, resource, sys, time
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "idkportal.settings"
django.setup()
from django.db import connection, transaction
from django.utils import timezone
from reminders import services
queries = [0]
def count(execute, sql, params, many, context):
    queries[0] += 1
    return execute(sql, params, many, context)
base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
with connection.execute_wrapper(count):
    with transaction.atomic():
        result = services.sweep(timezone.localdate(), force=True, deliver=False)
        transaction.set_rollback(True)  # keep the bench database as generated
seconds = time.perf_counter() - start
print(json.dumps({"seconds": round(seconds, 1), "queries": queries[0], "reminders_planned": result.reminders,
                  "messages": len(result.message_ids), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                  "rss_after_django_setup_mb": round(base_rss / 1024, 1)}))
"""


def reminder_sweep(args) -> dict:
    if not (BASE_DIR / "reminders" / "services.py").exists():
        print("\nreminder sweep: not available yet")
        return {"skipped": "not available yet"}
    sweep_src = (BASE_DIR / "reminders" / "services.py").read_text()
    if "def sweep(" not in sweep_src:
        print("\nreminder sweep: not available yet (no reminders.services.sweep)")
        return {"skipped": "not available yet"}
    print("\nreminder sweep over all experiments (subprocess; planning only, rolled back) …", flush=True)
    proc = subprocess.run(
        [PYTHON, "-c", SWEEP_CHILD], cwd=BASE_DIR, env=production_env(), capture_output=True, text=True
    )
    if proc.returncode != 0:
        print(proc.stderr[-3000:])
        return {"error": proc.stderr[-3000:]}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(
        f"  {result['seconds']} s, {result['queries']} queries, peak RSS {result['peak_rss_mb']} MB "
        f"({result['reminders_planned']} reminders planned in {result['messages']} e-mails)"
    )
    return result


# =============================================================================================
# Targets and the entry point
# =============================================================================================


def targets(results: dict) -> list[dict]:
    checks = []
    pages = results.get("in_process", {}).get("pages", {})

    def add(what, value, limit, ok):
        checks.append({"target": what, "value": value, "limit": limit, "met": bool(ok)})

    for name in ("portfolio first page", "portfolio filtered + sorted", "portfolio search"):
        page = pages.get(name)
        if not page:
            continue
        ours = page["ours"]
        add(f"{name}: median ms", ours["median_ms"], TARGET_MS, ours["median_ms"] < TARGET_MS)
        add(f"{name}: queries", ours["queries"], TARGET_QUERIES, ours["queries"] <= TARGET_QUERIES)
        add(
            f"{name}: ours/admin",
            page["ours_over_admin"],
            TARGET_ADMIN_RATIO,
            page["ours_over_admin"] <= TARGET_ADMIN_RATIO,
        )
    detail = pages.get("experiment detail, 1,000 updates")
    if detail:
        add(
            "detail with 1,000 updates: median ms",
            detail["ours"]["median_ms"],
            TARGET_MS,
            detail["ours"]["median_ms"] < TARGET_MS,
        )
    load = results.get("throughput", {}).get("a_16_users_waiting")
    if load:
        agg = load["Aggregated"]
        add("load (a): errors", agg["failures"], 0, agg["failures"] == 0)
        add("load (a): p95 ms", agg["p95_ms"], TARGET_LOAD_P95_MS, agg["p95_ms"] < TARGET_LOAD_P95_MS)
    sweep = results.get("reminder_sweep", {})
    if "seconds" in sweep:
        add("reminder sweep: seconds", sweep["seconds"], TARGET_SWEEP_S, sweep["seconds"] < TARGET_SWEEP_S)
        add("reminder sweep: peak MB", sweep["peak_rss_mb"], TARGET_SWEEP_MB, sweep["peak_rss_mb"] < TARGET_SWEEP_MB)
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="IDK Portal benchmark (PostgreSQL).")
    parser.add_argument("--experiments", type=int, default=100_000, help="refuse to report on fewer (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed (for the load test's slugs)")
    parser.add_argument("--repeats", type=int, default=30, help="timed requests per page")
    parser.add_argument("--duration", type=int, default=60, help="seconds per load phase")
    parser.add_argument("--search", default="robotti", help="free-text search term")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-sweep", action="store_true")
    parser.add_argument("--in-process-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    RESULTS_DIR.mkdir(exist_ok=True)

    if args.in_process_only:  # the child: Django with DEBUG off
        print(json.dumps(in_process(args), default=str), file=open(RESULTS_DIR / ".in_process.json", "w"))
        return 0

    started = datetime.datetime.now(datetime.UTC)
    results: dict = {"started": started.isoformat(timespec="seconds"), "machine": machine(), "args": vars(args)}
    print(
        f"machine: {results['machine']['cpu']} × {results['machine']['cores']} cores, {results['machine']['memory_gb']} GB"
    )
    global STATIC_ROOT
    STATIC_ROOT = tempfile.mkdtemp(prefix="idk-bench-static-")
    try:
        # The bench database follows the code: apply any new migrations (other apps', new indexes) first.
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=production_env(), check=True
        )
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=production_env(), check=True
        )
        return _run(args, argv, started, results)
    finally:
        shutil.rmtree(STATIC_ROOT, ignore_errors=True)


def _run(args, argv, started, results) -> int:
    child = subprocess.run(
        [PYTHON, str(Path(__file__)), "--in-process-only", *(argv if argv is not None else sys.argv[1:])],
        cwd=BASE_DIR,
        env=production_env({"PYTHONPATH": str(BASE_DIR)}),
    )
    if child.returncode != 0:
        return child.returncode
    results["in_process"] = json.loads((RESULTS_DIR / ".in_process.json").read_text())
    (RESULTS_DIR / ".in_process.json").unlink()
    results["postgres"] = postgres_version()
    if not args.skip_load:
        results["throughput"] = throughput(args)
    if not args.skip_sweep:
        results["reminder_sweep"] = reminder_sweep(args)
    results["targets"] = targets(results)
    print("\ntargets:")
    for check in results["targets"]:
        print(
            f"  {'MET   ' if check['met'] else 'MISSED'} {check['target']:45} {check['value']!s:>8} (limit {check['limit']})"
        )
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS_DIR / f"{stamp}.json"
    out.write_text(json.dumps(results, indent=2, default=str))
    (RESULTS_DIR / "latest.json").write_text(json.dumps(results, indent=2, default=str))
    print(f"\nresults: {out.relative_to(BASE_DIR)} (and bench/results/latest.json)")
    return 0


def postgres_version() -> str:
    proc = subprocess.run(
        [
            PYTHON,
            "-c",
            "import os,django;os.environ['DJANGO_SETTINGS_MODULE']='idkportal.settings';django.setup();"
            "from django.db import connection;c=connection.cursor();c.execute('show server_version');print(c.fetchone()[0])",
        ],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    return proc.stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
