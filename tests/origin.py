"""The public origin the tests run under (conftest.py sets settings.SITE_URL to it): not the
test client's Host ("testserver"), so a link built from the Host header would show."""

SITE_URL = "https://guide.example.kz"
