"""Benchmark harness: synthetic data (bench.generator), the admin baseline (bench.admin_site, bench.urls) and
the runner (bench/run). Nothing here is imported by the app or run by the test suite (except the tiny
generator test, tests/test_bench_generator.py)."""
