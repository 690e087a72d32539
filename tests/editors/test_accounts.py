"""The password reset: limited per address and per client, the same answer for everyone."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("editor", "editor@example.org", "correct-horse-battery", is_staff=True)


def ask_reset(client, email: str, ip: str = "203.0.113.5"):
    response = client.post(reverse("admin_password_reset"), {"email": email}, REMOTE_ADDR=ip)
    assert response.status_code == 302, response.status_code
    return response


def test_at_most_three_mails_an_hour_for_one_address(client, editor):
    for n in range(6):
        ask_reset(client, "editor@example.org", ip=f"203.0.113.{n}")
    assert len(mail.outbox) == 3


def test_with_redis_down_the_limits_still_hold_on_this_machine(client, editor, redis_down):
    for n in range(6):
        ask_reset(client, "editor@example.org", ip=f"203.0.113.{n}")
    assert len(mail.outbox) == 3
    for _ in range(12):
        ask_reset(client, "nobody@example.org", ip="198.51.100.1")
    ask_reset(client, "editor@example.org", ip="198.51.100.1")
    assert len(mail.outbox) == 3  # the client's limit (10 an hour) holds too
