"""The HTTP client the CI scripts share (Python's standard library only).

Client(base).call(method, path, body=None, token=None, raw=None, headers=None, timeout=30)
    -> (status, body bytes, [(header, value)])
Client(base).token(user) signs in through the API and returns the bearer token;
Client(base).sign_in_browser(user) signs in through the login form and keeps the session cookie, which call() then sends.
"""
import http.client, json, re, urllib.parse

PASSWORD = "ThiDua@2026"


class Client:
    def __init__(self, base):
        u = urllib.parse.urlparse(base)
        self.host, self.port = u.hostname, u.port
        self.cookies = {}

    def call(self, method, path, body=None, token=None, raw=None, headers=None, timeout=30, form=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        h = dict(headers or {})
        data = None
        if raw is not None:
            data, h["Content-Type"] = raw, "application/octet-stream"
        elif form is not None:
            data, h["Content-Type"] = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
        elif body is not None:
            data, h["Content-Type"] = json.dumps(body).encode(), "application/json"
        if token:
            h["Authorization"] = "Bearer " + token
        if self.cookies and "Cookie" not in h:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        try:
            conn.request(method, path, body=data, headers=h)
            res = conn.getresponse()
            answer = res.status, res.read(), res.getheaders()
        finally:
            conn.close()
        self._keep(answer[2])
        return answer

    def token(self, user="canbo.thidua", password=PASSWORD):
        s, b, _ = self.call("POST", "/api/v1/sessions", {"username": user, "password": password})
        assert s == 201, (s, b[:300])
        return json.loads(b)["token"]

    def sign_in_browser(self, user="canbo.thidua", password=PASSWORD):
        s, body, _ = self.call("GET", "/login")
        csrf = re.search(r'name="_csrf" value="([^"]+)"', body.decode()).group(1)
        s, b, _ = self.call("POST", "/login", form={"_csrf": csrf, "username": user, "password": password})
        assert s in (302, 303), (s, b[:300])

    def _keep(self, headers):
        for k, v in headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";")[0]


def header(headers, name):
    """The first value of a header in a getheaders() list, or None."""
    return next((v for k, v in headers if k.lower() == name.lower()), None)
