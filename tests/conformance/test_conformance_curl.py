"""The curl reproduction quotes every part for a POSIX shell and takes the token from the env."""

from __future__ import annotations

import shlex

from conformance.reports.curl import curl_command


def test_curl_round_trips_through_the_shell():
    request = {
        "method": "POST",
        "url": "http://h/orders?a=1&b=2",
        "headers": {"Authorization": "Bearer abc…[redacted]", "X-Odd": "it's $HOME"},
        "body": '{"q": "it\'s"}',
    }
    words = shlex.split(curl_command(request))
    assert words[:5] == ["curl", "-i", "-X", "POST", "http://h/orders?a=1&b=2"]
    assert "X-Odd: it's $HOME" in words
    assert "Authorization: Bearer $ACCORD_TOKEN" in words  # expanded by the shell at run time
    assert words[-1] == '{"q": "it\'s"}'
