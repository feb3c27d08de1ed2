"""
Production settings for bench/throughput.py: the site as config.settings makes it, plus
a bare Django view (`/bench/bare/`) that returns the question page's bytes from memory,
the baseline the pages are measured against. Members may reply as often as the
benchmark asks (the hourly limit is still checked on every reply). Never used by the
site itself.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import ASKWELL_RATE_LIMITS, CACHES

ROOT_URLCONF = "bench.urls"
ASKWELL_RATE_LIMITS = {
    **ASKWELL_RATE_LIMITS,
    "reply": {**ASKWELL_RATE_LIMITS["reply"], "trusted": 1_000_000},
}
# Each run starts from an empty cache of its own, even in a Redis shared with others.
for _cache in CACHES.values():
    _cache["KEY_PREFIX"] = f"askwell-bench-{os.environ.get('ASKWELL_BENCH_RUN', '0')}"
