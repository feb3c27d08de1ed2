"""
What in a post needs a moderator's eye first: emergency wording, advice to change or
stop medication, miracle-cure claims and personal data. `assess` scores a text; the
score and the signals are stored on every post when it is written or edited, and the
moderation queue orders by them and highlights the matches.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

EMERGENCY = "emergency"
MEDICATION = "medication"
PERSONAL_DATA = "personal_data"
MIRACLE_CURE = "miracle_cure"

# The most urgent first; a post's score is the sum of the weights of its signals.
WEIGHTS = {EMERGENCY: 40, MEDICATION: 30, PERSONAL_DATA: 20, MIRACLE_CURE: 10}
LABELS = {
    EMERGENCY: _("Emergency"),
    MEDICATION: _("Medication advice"),
    PERSONAL_DATA: _("Personal data"),
    MIRACLE_CURE: _("Miracle cure"),
}

# Kinds of personal data, as the author is told of them.
PHONE, EMAIL, ADDRESS = "phone", "email", "address"
PERSONAL_DATA_NAMES = {
    PHONE: _("a phone number"),
    EMAIL: _("an e-mail address"),
    ADDRESS: _("a street address"),
}

_CANT = r"(?:can[’']?t|cannot|can\s+not|unable\s+to|could\s*n[’']?t)"
EMERGENCY_PATTERNS = [
    re.compile(rf"\b{pattern}\b", re.IGNORECASE)
    for pattern in (
        r"chest\s+pains?",
        r"pains?\s+in\s+my\s+chest",
        rf"{_CANT}\s+(?:breathe|breath|get\s+my\s+breath|swallow)",
        r"(?:struggling|difficulty|trouble|hard)\s+(?:to\s+)?(?:breathe|breathing|swallow|swallowing)",
        r"suicid(?:e|al)",
        r"kill(?:ing)?\s+myself",
        r"end(?:ing)?\s+my\s+(?:own\s+)?life",
        r"want\s+to\s+die",
        r"overdos(?:e|ed|ing)",
        r"(?:took|taken|swallowed)\s+too\s+many\s+(?:pills|tablets)",
        r"(?:severe|heavy)\s+bleeding|bleeding\s+(?:heavily|badly)",
        r"face\s+(?:is\s+)?droop(?:s|ing|y)?",
        r"slurred\s+speech",
        r"having\s+a\s+stroke",
        # "choking up" is being moved, not an emergency.
        r"chok(?:e|es|ed|ing)(?!\s+up\b)",
    )
]


def mentions_emergency(text):
    """Whether `text` speaks of something that needs urgent help now."""
    return any(pattern.search(text or "") for pattern in EMERGENCY_PATTERNS)


_GAP = r"(?:\s+[\w’'-]+){0,4}?\s+"
_VERBS = (
    r"stop(?:s|ped|ping)?|quit(?:s|ting)?|"
    r"(?:come|comes|coming|came|get|getting|got)\s+off|"
    r"skip(?:s|ped|ping)?|double(?:s|d)?|doubling|halve(?:s|d)?|halving|"
    r"reduc(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|lower(?:s|ed|ing)?|"
    r"cut(?:s|ting)?(?:\s+down)?|wean(?:ed|ing)?\s+(?:yourself\s+)?off|"
    r"ditch(?:es|ed|ing)?|throw\s+away|bin"
)
_DRUGS = (
    r"doses?|dosages?|medications?|medicines?|meds|tablets|pills|treatments?|"
    r"steroids?|prednis(?:one|olone)|methotrexate|ivig|statins?|"
    r"immunosuppressants?|mycophenolate|azathioprine|rituximab|insulin|infusions?"
)
_MEDICATION_PATTERNS = [
    re.compile(rf"\b(?:{_VERBS})\b{_GAP}?(?:{_DRUGS})\b", re.IGNORECASE),
    re.compile(
        rf"\byou\s+(?:don[’']?t|do\s+not|no\s+longer)\s+need\s+(?:your|the|any|those|these)"
        rf"(?:\s+[\w’'-]+){{0,2}}?\s+(?:{_DRUGS})\b",
        re.IGNORECASE,
    ),
]

# A member telling their own story ("after stopping the statin", "I came off my
# steroids", "my neurologist reduced the dose") is not advice to others: what comes
# before the match in its sentence says so, unless it addresses the reader.
_OWN_HISTORY_BEFORE = re.compile(
    r"(?:\b(?:after|since|before|when|while|until)\s+(?:I\s+|we\s+)?(?:\w+\s+)?$"
    r"|\b(?:I|I[’']ve|I[’']m|we|we[’']ve|my\s+(?:\w+\s+)?(?:doctor|neurologist|consultant|"
    r"gp|nurse|team|specialist|rheumatologist)s?|(?:he|she|they)\s+(?:had|has|have))\b"
    r"[^.!?\n]{0,30}$)",
    re.IGNORECASE,
)
_ADDRESSES_READER = re.compile(
    r"\b(?:you|your|yours|yourself|should|must|try|just|would|I[’']d)(?!\w)", re.IGNORECASE
)


def _is_own_history(text, match):
    """Whether a medication match tells the writer's own story rather than advising."""
    sentence_start = max(text.rfind(stop, 0, match.start()) for stop in ".!?\n") + 1
    before = text[sentence_start : match.start()]
    if _ADDRESSES_READER.search(before) or _ADDRESSES_READER.search(match.group()):
        return False
    return bool(_OWN_HISTORY_BEFORE.search(before))


_MIRACLE_PATTERNS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bmiracle(?:s)?\b|\bmiraculous(?:ly)?\b",
        r"\bcur(?:e|es|ed)\b[^.!?\n]{0,40}?(?:\bguaranteed?\b|\b100\s?%)",
        r"(?:\bguaranteed?\b|\b100\s?%)[^.!?\n]{0,40}?\bcur(?:e|es|ed)\b",
        r"\bdetox(?:es|ed|ing|ification)?\b",
        r"\bdoctors?\s+(?:don[’']?t|do\s+not|won[’']?t|will\s+not)\s+(?:want\s+you\s+to\s+know|tell\s+you)",
        r"\bbig\s+pharma\b",
    )
]

_STREET_TYPES = (
    r"(?:Street|Road|Avenue|Lane|Drive|Close|Way|Court|Place|Crescent|Terrace|Gardens|"
    r"Boulevard|Square|Grove|Row|Mews|Parade)\b"
    r"|(?:St|Rd|Ave|Ln|Dr|Ct|Pl|Cres|Blvd|Sq)\b\.?"
)
_PERSONAL_PATTERNS = [
    (EMAIL, re.compile(r"\b[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")),
    # International: +44 20 7946 0958, +1 (555) 123-4567, +33 6 12 34 56 78.
    (
        PHONE,
        re.compile(r"(?<![\w+])\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,5}(?![\w.-]\d)"),
    ),
    # UK: 020 7946 0958, 07700 900123, 0161 496 0000, 01632 960001.
    (
        PHONE,
        re.compile(
            r"(?<![\w.+/-])(?:0\d{2}[ -]?\d{4}[ -]?\d{4}|0\d{3,4}[ -]?\d{3}[ -]?\d{3,4})"
            r"(?![\w/-]|\.\d)"
        ),
    ),
    # US: (555) 123-4567, 555-123-4567, 555.123.4567.
    (
        PHONE,
        re.compile(r"(?<![\w.+/-])(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w/-]|\.\d)"),
    ),
    # 12 Baker Street, 221B Baker St, 4 Long Lane.
    (
        ADDRESS,
        re.compile(rf"\b\d{{1,4}}[A-Za-z]?,?(?:\s+[A-Z][a-z’'-]+){{1,3}}\s+(?:{_STREET_TYPES})"),
    ),
    # UK postcodes (SW1A 1AA, M1 1AE) and US ones after a state ("Springfield, IL 62701").
    (ADDRESS, re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")),
    (ADDRESS, re.compile(r",\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")),
]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    signal: str
    kind: str = ""


@dataclass(frozen=True)
class Assessment:
    score: int = 0
    # The signals found, the most urgent first.
    signals: tuple = ()
    # Where each signal matched, in the order of the text.
    spans: tuple = field(default_factory=tuple)

    @property
    def personal_data_kinds(self):
        kinds = {span.kind for span in self.spans if span.signal == PERSONAL_DATA}
        return [kind for kind in PERSONAL_DATA_NAMES if kind in kinds]


def _find(text):
    for pattern in EMERGENCY_PATTERNS:
        for match in pattern.finditer(text):
            yield Span(match.start(), match.end(), EMERGENCY)
    for pattern in _MEDICATION_PATTERNS:
        for match in pattern.finditer(text):
            if not _is_own_history(text, match):
                yield Span(match.start(), match.end(), MEDICATION)
    for kind, pattern in _PERSONAL_PATTERNS:
        for match in pattern.finditer(text):
            start = match.start() + (len(match.group()) - len(match.group().lstrip(", ")))
            yield Span(start, match.end(), PERSONAL_DATA, kind)
    for pattern in _MIRACLE_PATTERNS:
        for match in pattern.finditer(text):
            yield Span(match.start(), match.end(), MIRACLE_CURE)


def assess(text):
    """Score `text` for the moderation queue: which signals it carries, where, and
    the sum of their weights."""
    text = text or ""
    spans = tuple(sorted(set(_find(text)), key=lambda s: (s.start, -s.end, s.signal)))
    found = {span.signal for span in spans}
    signals = tuple(signal for signal in WEIGHTS if signal in found)
    return Assessment(
        score=sum(WEIGHTS[signal] for signal in signals), signals=signals, spans=spans
    )


def post_text(*, body, title=None):
    """The text a post is judged by: an opening post's question title and its body."""
    return f"{title}\n{body}" if title is not None else body


def risk_fields(*, body, title=None):
    """The values of Post.risk_score and Post.risk_signals for this text."""
    found = assess(post_text(body=body, title=title))
    return {"risk_score": found.score, "risk_signals": list(found.signals)}


def personal_data_names(text):
    """What personal data `text` holds, in words for its author ("a phone number")."""
    return [str(PERSONAL_DATA_NAMES[kind]) for kind in assess(text).personal_data_kinds]


def labels(signals):
    """The moderators' names of stored signals, unknown ones skipped."""
    return [(signal, LABELS[signal]) for signal in signals if signal in LABELS]
