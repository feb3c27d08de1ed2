"""
The public XSS corpus (see its README) rendered by our pipeline must come out inert.

The static tests read the output the way a browser's parser does (html5lib) and check
it against the allowlist. The browser test loads it in Chromium, with every request
answered locally, then hovers, clicks and focuses every element and checks that no
script ran, no dialog opened, nothing was fetched and the page did not go anywhere.
"""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from markup.render import render_markdown, sanitize_html
from markup.tests.parsing import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    LINK_REL,
    elements,
    local_name,
    parse,
    runs_script,
)

CORPUS_ENV = "ASKWELL_XSS_CORPUS"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "xss" / "payloads.json"
CORPUS_SIZE = 1720  # as published; a cut-short file must not pass for the whole corpus

# Attributes that hold a URL a browser may load or navigate to, by local name.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "background", "poster", "srcset"}
    | {"lowsrc", "dynsrc", "cite", "longdesc", "usemap", "codebase", "ping", "manifest"}
)


def corpus_path():
    configured = os.environ.get(CORPUS_ENV)
    return Path(configured) if configured else DEFAULT_CORPUS


@pytest.fixture(scope="module")
def corpus():
    path = corpus_path()
    if not path.is_file():
        if os.environ.get(CORPUS_ENV):
            pytest.fail(f"{CORPUS_ENV} is set to {path}, but there is no file there.")
        pytest.skip(
            f"The public XSS corpus is not at {path}: set {CORPUS_ENV} to its "
            "payloads.json to run the corpus tests."
        )
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered_corpus(corpus):
    """(payload id, our HTML for it), for every payload."""
    return [(item["id"], render_markdown(item["payload"])) for item in corpus]


@pytest.fixture(scope="module", params=["pipeline", "sanitizer"])
def parsed_corpus(request, corpus, rendered_corpus):
    """
    (payload id, every element of our HTML as a browser's parser builds it): the HTML of
    the whole pipeline, and that of the sanitizer alone given the payload as HTML. The
    CommonMark engine leaves members' HTML out, so the pipeline alone would no longer
    show whether the sanitizer holds if some got through.
    """
    if request.param == "pipeline":
        htmls = rendered_corpus
    else:
        htmls = [(item["id"], sanitize_html(item["payload"])) for item in corpus]
    return [(payload_id, elements(parse(html))) for payload_id, html in htmls]


def offenders(parsed_corpus, problems_of):
    """Payload ids whose elements have problems, with what was found, for the message."""
    found = {}
    for payload_id, payload_elements in parsed_corpus:
        problems = [problem for el in payload_elements for problem in problems_of(el)]
        if problems:
            found[payload_id] = problems
    return found


def describe(found):
    lines = [f"{len(found)} payload(s) not inert:"]
    lines += [f"  id {payload_id}: {', '.join(problems)}" for payload_id, problems in found.items()]
    return "\n".join(lines)


def test_corpus_is_complete(corpus):
    ids = [item["id"] for item in corpus]
    assert len(ids) >= CORPUS_SIZE
    assert len(set(ids)) == len(ids)


def test_no_element_outside_the_allowlist_survives(parsed_corpus):
    def problems_of(el):
        # Namespaced tags (svg, math and what they hold) are never on the allowlist.
        return [] if el.tag in ALLOWED_TAGS else [f"<{el.tag}>"]

    found = offenders(parsed_corpus, problems_of)
    assert not found, describe(found)


def test_no_attribute_outside_the_allowlist_survives(parsed_corpus):
    def problems_of(el):
        allowed = ALLOWED_ATTRIBUTES.get(el.tag, frozenset())
        return [f"<{el.tag} {name}>" for name in el.attrib if name not in allowed]

    found = offenders(parsed_corpus, problems_of)
    assert not found, describe(found)


def test_no_event_handler_attribute_survives(parsed_corpus):
    def problems_of(el):
        return [
            f"<{el.tag} {name}>" for name in el.attrib if local_name(name).lower().startswith("on")
        ]

    found = offenders(parsed_corpus, problems_of)
    assert not found, describe(found)


def test_no_style_or_srcdoc_attribute_survives(parsed_corpus):
    def problems_of(el):
        return [
            f"<{el.tag} {name}>"
            for name in el.attrib
            if local_name(name).lower() in {"style", "srcdoc"}
        ]

    found = offenders(parsed_corpus, problems_of)
    assert not found, describe(found)


def test_no_url_runs_script_or_carries_a_document(parsed_corpus):
    def problems_of(el):
        return [
            f"<{el.tag} {name}={value!r}>"
            for name, value in el.attrib.items()
            if local_name(name).lower() in URL_ATTRIBUTES and runs_script(value)
        ]

    found = offenders(parsed_corpus, problems_of)
    assert not found, describe(found)


def test_every_link_carries_the_nofollow_ugc_noopener_rel(parsed_corpus):
    def problems_of(el):
        rel = el.get("rel")
        return [f"<a rel={rel!r}>"] if el.tag == "a" and rel != LINK_REL else []

    found = offenders(parsed_corpus, problems_of)
    assert not found, describe(found)


# --- In a real browser --------------------------------------------------------------

PAGE_URL = "http://127.0.0.1/askwell-inertness-check"
FAVICON_URL = "http://127.0.0.1/favicon.ico"
# Report-only: nothing is blocked, but the browser reports every inline script, event
# handler, javascript: navigation and fetch it is about to run or make.
REPORT_ONLY_POLICY = "default-src 'none'; form-action 'none'; base-uri 'none'"
PAYLOADS_PER_PAGE = 50

# Runs in every page before its content, so its listeners come first. Records what a
# script would do, in a list the content cannot replace, and keeps link clicks on the
# page (after noting javascript: and other non-web targets), so that one load can
# exercise many links.
INSTRUMENT = r"""
(() => {
  const found = [];
  Object.defineProperty(window, '__askwellFound', {value: found});
  const payloadOf = (node) => {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    const box = el && el.closest && el.closest('[data-payload]');
    return box ? box.dataset.payload : null;
  };
  const note = (kind, detail, node) => found.push(
    {kind, detail: String(detail).slice(0, 120), payload: payloadOf(node)}
  );
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
    window[name] = function (...args) { note(name + '()', args.join(', '), null); };
  }
  addEventListener('securitypolicyviolation', (event) => {
    note(event.effectiveDirective, `${event.blockedURI} ${event.sample}`, event.target);
  }, true);
  addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href]');
    if (!link) return;
    if (!['http:', 'https:', 'mailto:'].includes(link.protocol)) {
      note('link to ' + link.protocol, link.href, link);
    }
    event.preventDefault();
  }, true);
})();
"""

# Every element, visible or not, also any the parser moved out of its payload's box:
# pointer events, focus, click.
SYNTHETIC_SWEEP = r"""
() => {
  const types = [
    'pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove', 'pointerdown',
    'mousedown', 'pointerup', 'mouseup', 'click', 'auxclick', 'dblclick', 'contextmenu',
    'mouseout', 'mouseleave',
  ];
  for (const el of document.querySelectorAll('body *')) {
    for (const type of types) {
      const Kind = type.startsWith('pointer') ? PointerEvent : MouseEvent;
      el.dispatchEvent(new Kind(type, {bubbles: true, cancelable: true, view: window}));
    }
    if (typeof el.focus === 'function') el.focus();
    if (typeof el.click === 'function') el.click();
    if (typeof el.blur === 'function') el.blur();
  }
}
"""

# Where the real mouse should go: the middle of every element that has a box.
TARGETS = r"""
() => {
  const points = [];
  for (const el of document.querySelectorAll('body *')) {
    const rect = el.getClientRects()[0];
    if (rect && rect.width > 0 && rect.height > 0) {
      points.push([rect.left + rect.width / 2, rect.top + scrollY + rect.height / 2]);
    }
  }
  return points;
}
"""

SCROLL_TO = "(top) => { window.scrollTo(0, top); return window.scrollY; }"


class InertnessCheck:
    """Loads HTML fragments in a browser page and reports what in them came alive."""

    def __init__(self, page):
        self.page = page
        self.html = ""
        self.events = []
        self.served = 0
        page.add_init_script(INSTRUMENT)
        page.route("**/*", self._answer)
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.events.append(f"script error: {error}"))
        page.on("popup", lambda popup: self.events.append(f"popup: {popup.url}"))
        page.on("framenavigated", self._on_navigation)

    def _answer(self, route):
        request = route.request
        if request.url == PAGE_URL and request.is_navigation_request() and not self.served:
            self.served += 1
            route.fulfill(
                status=200,
                content_type="text/html; charset=utf-8",
                headers={"Content-Security-Policy-Report-Only": REPORT_ONLY_POLICY},
                body=self.html,
            )
        else:
            self.events.append(f"request: {request.method} {request.url[:120]}")
            route.abort()

    def _on_dialog(self, dialog):
        self.events.append(f"dialog: {dialog.type} {dialog.message[:120]}")
        dialog.dismiss()

    def _on_navigation(self, frame):
        if frame != self.page.main_frame:
            self.events.append(f"frame navigated: {frame.url[:120]}")
        elif frame.url != PAGE_URL:
            self.events.append(f"page navigated: {frame.url[:120]}")

    def run(self, items):
        """
        Load these (id, html) fragments together, exercise them, return what happened.

        An empty list means inert. Any finding is evidence, not attributed to one
        fragment: `find_live` reruns a failing group one fragment at a time.
        """
        boxes = "\n".join(f'<div data-payload="{pid}">{html}</div>' for pid, html in items)
        self.html = (
            "<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<title>Inertness check</title></head><body>{boxes}</body></html>"
        )
        self.events = []
        self.served = 0
        page = self.page
        try:
            page.goto(PAGE_URL, wait_until="load")
            page.evaluate(SYNTHETIC_SWEEP)
            self._real_mouse_sweep(page.evaluate(TARGETS))
            found = page.evaluate("window.__askwellFound")
        except PlaywrightError as error:
            # A payload that navigates or closes the page takes its record with it.
            return [*self.events, f"page lost while checking: {error.message.splitlines()[0]}"]
        findings = [
            f"{item['kind']} {item['detail']}".strip()
            for item in found
            # Headless Chromium asks for a favicon on its own, not the content.
            if not (item["payload"] is None and item["detail"].startswith(FAVICON_URL))
        ]
        if page.url != PAGE_URL:
            findings.append(f"page left for {page.url[:120]}")
        return list(dict.fromkeys([*self.events, *findings]))  # each sweep finds it again

    def _real_mouse_sweep(self, points):
        """Hover and click every visible element with real (trusted) input."""
        viewport_height = self.page.viewport_size["height"]
        top = 0
        self.page.evaluate("window.scrollTo(0, 0)")
        # A paragraph alone in its box has the same middle as the box: one click will do.
        for x, y in sorted({(round(x), round(y)) for x, y in points}, key=lambda point: point[1]):
            if not top <= y < top + viewport_height:
                top = max(0, int(y - viewport_height / 2))
                top = self.page.evaluate(SCROLL_TO, top)
            self.page.mouse.click(x, y - top)  # moves there first: hover, then click

    def find_live(self, items, group_size=PAYLOADS_PER_PAGE):
        """{id: findings} for every fragment that is not inert, loaded in groups."""
        live = {}
        for start in range(0, len(items), group_size):
            group = items[start : start + group_size]
            findings = self.run(group)
            if not findings:
                continue
            if len(group) == 1:
                live[group[0][0]] = findings
                continue
            alone = {pid: self.run([(pid, html)]) for pid, html in group}
            alone = {pid: found for pid, found in alone.items() if found}
            # Only together? Then name the whole group rather than nobody.
            live.update(alone or {f"{group[0][0]}..{group[-1][0]}": findings})
        return live


def describe_live(live):
    lines = [f"{len(live)} payload(s) came alive in Chromium:"]
    lines += [f"  id {pid}: {'; '.join(found)}" for pid, found in live.items()]
    return "\n".join(lines)


@pytest.mark.browser
def test_every_payload_stays_inert_when_hovered_clicked_and_focused_in_chromium(
    page, rendered_corpus
):
    live = InertnessCheck(page).find_live(rendered_corpus)
    assert not live, describe_live(live)


# Raw HTML that must not pass, each with the evidence the check should find for it.
UNSANITIZED = {
    "runs on load": ("<img src=x onerror=alert(1)>", "alert() 1"),
    "runs on hover": ("<p onmouseover=alert(2)>Hover me</p>", "alert() 2"),
    "runs on click": ("<p onclick=alert(3)>Click me</p>", "alert() 3"),
    "runs on focus": ("<a href='#' onfocus=alert(4)>Focus me</a>", "alert() 4"),
    "javascript link": ("<a href='javascript:void 0'>Looks harmless</a>", "link to javascript:"),
    "script without dialog": ("<script>document.title = 'owned'</script>", "script-src-elem"),
    "sends the reader away": (
        "<script>location = 'https://attacker.example/'</script>",
        "request: GET https://attacker.example/",
    ),
    "fetches from elsewhere": (
        "<link rel=stylesheet href='https://tracker.example/a.css'>",
        "request: GET https://tracker.example/a.css",
    ),
}


@pytest.mark.browser
@pytest.mark.parametrize(("html", "evidence"), UNSANITIZED.values(), ids=UNSANITIZED.keys())
def test_browser_check_catches_unsanitized_html(page, html, evidence):
    findings = InertnessCheck(page).run([(1, html)])

    assert any(finding.startswith(evidence) for finding in findings), findings


@pytest.mark.browser
def test_browser_check_names_the_one_live_payload_among_inert_ones(page):
    inert = [
        (pid, render_markdown(f"Reply {pid}, see [this](https://example.org/{pid}) *now*."))
        for pid in range(1, 8)
    ]
    live_html = "<p>Hello <img src=x onerror=alert(document.domain)></p>"
    items = [*inert[:3], (99, live_html), *inert[3:]]

    live = InertnessCheck(page).find_live(items, group_size=len(items))

    assert list(live) == [99]
