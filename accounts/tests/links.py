"""Links in the e-mail Askwell sends, as paths the test client can follow."""

import re

CONFIRMATION_LINK = re.compile(r"https?://testserver(/accounts/confirm-email/[^\s/]+/)")
PASSWORD_RESET_LINK = re.compile(r"https?://testserver(/accounts/password/reset/key/[^\s/]+/)")


def _only_link(message, pattern):
    paths = pattern.findall(message.body)
    assert len(paths) == 1, message.body
    return paths[0]


def confirmation_path(message):
    return _only_link(message, CONFIRMATION_LINK)


def password_reset_path(message):
    return _only_link(message, PASSWORD_RESET_LINK)
