"""While the database is unreachable, readers are told to come back shortly (503 with
Retry-After) in the site's design; a fault in a page is still a 500."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.models import QuerySet

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_client(client):
    client.raise_request_exception = False
    return client


def test_a_database_outage_answers_503_with_retry_after(quiet_client):
    failure = OperationalError("connection to server at 127.0.0.1 failed")
    with mock.patch.object(QuerySet, "_fetch_all", side_effect=failure):
        response = quiet_client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Askwell is briefly unavailable" in page
    assert "127.0.0.1" not in page
    assert 'href="/static/css/site.css"' in page


def test_any_other_fault_is_still_a_server_error(quiet_client):
    with mock.patch.object(QuerySet, "_fetch_all", side_effect=ValueError("a bug")):
        response = quiet_client.get("/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong on our side" in response.content.decode()
