"""E-mail in development: printed in the terminal, readable, links whole."""

import io

from django.core import mail

from config.mail import ReadableConsoleEmailBackend

LINK = "http://127.0.0.1:8000/accounts/confirm-email/Ng:1xUmBw:EDv_Ruoc4AxHSZ-HeggRBCQ64BjEwSnXbIV5gMDt6bU/"


def test_development_email_prints_a_long_link_on_one_line():
    stream = io.StringIO()
    message = mail.EmailMessage(
        subject="[Askwell] Confirm your e-mail address",
        body=f"Welcome, new_reader. Open this link and press “Confirm”:\n\n{LINK}\n",
        from_email="Askwell <no-reply@askwell.local>",
        to=["newbie@example.org"],
    )

    ReadableConsoleEmailBackend(stream=stream).send_messages([message])

    printed = stream.getvalue()
    assert LINK in printed.splitlines()
    assert "Subject: [Askwell] Confirm your e-mail address" in printed
    assert "To: newbie@example.org" in printed
    assert "“Confirm”" in printed
