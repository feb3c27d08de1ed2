"""Helpers shared by the browser tests."""

import re

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def field(page, label):
    """A form field by its label, which Django renders with a trailing colon."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def axe_violations(page):
    """axe-core's violations on the page as it is now, one readable line per element."""
    results = _axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]
