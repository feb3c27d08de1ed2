"""Benchmarks (README, "Performance"); `bench.settings` and `bench.wsgi` serve the site
for bench/throughput.py."""
