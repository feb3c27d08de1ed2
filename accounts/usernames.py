"""
Usernames that look like another: a member's public name must not pass for an existing
member's ("maria_moderatеs" with a Cyrillic "е") nor for the people who run Askwell
("Askwell_Team", "m0derator").

Names are compared by their skeleton, as Unicode's Technical Standard #39 (security
mechanisms) defines it: compatibility-normalised (NFKC), case-folded, and each
character that looks like another replaced by the one standing for all of them ("0" by
"o", "1" and "I" by "l", Cyrillic "е" by "e", "m" by "rn"). Two names with the same
skeleton look the same to a reader. The confusables table is Unicode's, as the pinned
confusable-homoglyphs package ships it.

Each member's skeleton is stored (User.username_skeleton, indexed) wherever a username
is set: sign-up (accounts.adapter), the user manager, the admin, the demo data.
"""

import re
import unicodedata
from functools import cache

from django.utils.translation import gettext_lazy as _

# What a username may be made of, said the same way by the sign-up form's hint and by
# its error messages.
ALLOWED_CHARACTERS = _("Use 3 to 150 letters, digits and . + - _ only: no spaces.")
USERNAME_HINT = _(
    "Your public name on Askwell, shown next to everything you post. Choose a nickname: "
    "never your e-mail address or your real name."
)

# The stored skeleton's length (a username has at most 150 characters; a few, such as
# ligatures, stand for several).
MAX_LENGTH = 300
SEPARATORS = re.compile(r"[._+\-@]")
_LEFT_TO_RIGHT_MARK = "\u200e"


@cache
def _prototypes():
    """
    Unicode's confusables as {character: what stands for it}. confusable-homoglyphs
    keeps each mapping of confusables.txt in both directions: a character with one
    entry that does not point back maps to it; a character with several entries stands
    for them and maps to itself. Where two characters point only at each other, both
    map to one of them, so that they still share a skeleton.
    """
    from confusable_homoglyphs.confusables import confusables_data

    def plain(text):
        return text.replace(_LEFT_TO_RIGHT_MARK, "")

    table = {
        plain(char): [plain(entry["c"]) for entry in entries]
        for char, entries in confusables_data.items()
    }
    mapping = {}
    for char, others in table.items():
        if len(char) != 1 or len(others) != 1:
            continue
        (other,) = others
        pair = table.get(other) == [char] and len(other) == 1
        mapping[char] = min(char, other) if pair else other
    return mapping


def skeleton(name):
    """How `name` looks: NFKC, case-folded, confusable characters replaced (TR39)."""
    prototypes = _prototypes()
    text = unicodedata.normalize("NFKC", name).casefold()
    # Replacing can make characters that casefolding or normalising change again
    # ("0" becomes "O", then "o"); a few rounds reach a fixed point.
    for _round in range(4):
        mapped = "".join(prototypes.get(char, char) for char in text)
        mapped = unicodedata.normalize("NFKC", mapped).casefold()
        if mapped == text:
            break
        text = mapped
    return text


def stored_skeleton(name):
    """The skeleton as User.username_skeleton keeps it."""
    return skeleton(name)[:MAX_LENGTH]


# Beyond Unicode's table, the digits people write for letters to pass for "admin" or
# "staff" ("adm1n", "5taff"), and "i" as "l" so that "adm1n" and "admin" meet.
_LETTERS_FOR_RESERVED_WORDS = str.maketrans({"1": "l", "i": "l", "3": "e", "4": "a", "5": "s"})


def _as_read(name):
    return SEPARATORS.sub("", skeleton(name)).translate(_LETTERS_FOR_RESERVED_WORDS)


def reserved_word_in(name, reserved_words):
    """The first of `reserved_words` that `name` shows anywhere, looked at as a reader
    would (by skeleton, digits read as letters, separators ignored), or None:
    "Askwell_Team" shows "askwell", "m0derator" shows "moderator"."""
    shown = _as_read(name)
    for word in reserved_words:
        if _as_read(word) in shown:
            return word
    return None
