"""
Stop gunicorn announcing itself. Every response gunicorn writes carries
"Server: gunicorn", which tells an attacker what to look up; Askwell's responses carry
no Server header at all.

For the gunicorn configuration file (a Python file gunicorn reads at start, before it
starts its workers, which inherit the change):

    from config.server_header import hide_server_header

    hide_server_header()

Imports nothing of Django's, so the configuration file can import it before Django
is set up.
"""

_HIDDEN = "_askwell_server_header_hidden"


def hide_server_header():
    """Drop the Server header from gunicorn's responses (HTTP/1.1; over HTTP/2, where
    gunicorn always sends one, it is left empty). Safe to call more than once."""
    from gunicorn.http import wsgi

    if getattr(wsgi.Response, _HIDDEN, False):
        return
    # What gunicorn puts in the header (HTTP/1.1 and HTTP/2 read it when a response
    # starts).
    wsgi.SERVER = ""
    default_headers = wsgi.Response.default_headers

    def without_server(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    wsgi.Response.default_headers = without_server
    setattr(wsgi.Response, _HIDDEN, True)
