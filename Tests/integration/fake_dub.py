"""A local stand-in for Dub's REST API (https://dub.co/docs/api-reference), in memory, answering as
Dub documents it: links (create, upsert by URL, update by id or `ext_<externalId>`, delete, info),
analytics (`event=clicks`, `groupBy=count|top_links`), lead events (`POST /track/lead`), bearer
authentication, and Dub's error bodies `{"error": {"code", "message", "doc_url"}}` with their
statuses (a 429 carries `Retry-After` and the `X-RateLimit-*` headers).

Tests drive it in process (`FakeDub()`); `python fake_dub.py --port P --key K` serves it alone (the
demo stack and the dashboard screenshot use that). Clicks are simulated with `click(link_id)`, or by
following the short link: `GET /r/<domain>/<key>` (no key needed) is what `https://<domain>/<key>`
does on Dub — a click is counted and the answer is a 302 to the destination, with `dub_id=<click
id>` appended when the link has `trackConversion`.
"""
import argparse
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ERROR_STATUS = {"bad_request": 400, "unauthorized": 401, "forbidden": 403, "not_found": 404, "conflict": 409,
                "unprocessable_entity": 422, "rate_limit_exceeded": 429, "internal_server_error": 500}
LINK_FIELDS = ("url", "domain", "key", "externalId", "tagNames", "expiresAt", "utm_source", "utm_medium",
               "utm_campaign", "utm_term", "utm_content", "trackConversion", "comments")


class DubError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


class FakeDub:
    """Dub's state: links by id, click events per link id, lead events; every request is recorded."""

    def __init__(self, api_key="dub_test_" + "k" * 24, port=0, default_domain="dub.sh"):
        self.api_key = api_key
        self.default_domain = default_domain
        self.links = {}
        self.clicks = {}
        self.leads = []
        self.click_ids = {}  # dub_id of each tracked click → link id
        self.requests = []
        self.fail_next = []  # error codes answered (in order) before the real work
        self.lock = threading.Lock()
        self._ids = itertools.count(1)
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                owner._serve(self, "GET")

            def do_POST(self):
                owner._serve(self, "POST")

            def do_PUT(self):
                owner._serve(self, "PUT")

            def do_PATCH(self):
                owner._serve(self, "PATCH")

            def do_DELETE(self):
                owner._serve(self, "DELETE")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    # -- what tests use besides HTTP -------------------------------------------------------------

    def click(self, link_id, count=1):
        """Records `count` clicks on a link, as a visitor following the short link would."""
        with self.lock:
            self.clicks[link_id] = self.clicks.get(link_id, 0) + count
            self.links[link_id]["clicks"] = self.clicks[link_id]

    def by_external_id(self, external_id):
        return next((l for l in self.links.values() if l.get("externalId") == external_id), None)

    # -- HTTP --------------------------------------------------------------------------------------

    def _serve(self, handler, method):
        raw = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        parts = urlsplit(handler.path)
        record = {"method": method, "path": parts.path, "query": parse_qs(parts.query),
                  "headers": dict(handler.headers), "body": raw}
        with self.lock:
            self.requests.append(record)
        headers = {}
        if method == "GET" and parts.path.startswith("/r/"):
            return self._redirect(handler, parts.path[3:])
        try:
            if handler.headers.get("Authorization") != "Bearer " + self.api_key:
                raise DubError("unauthorized", "Unauthorized: Invalid API key.")
            with self.lock:
                failure = self.fail_next.pop(0) if self.fail_next else None
            if failure == "rate_limit_exceeded":
                headers = {"Retry-After": "1", "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0",
                           "X-RateLimit-Reset": str(int(time.time()) + 1)}
                raise DubError(failure, "Too many requests.")
            if failure:
                raise DubError(failure, "Injected failure.")
            body = json.loads(raw) if raw else None
            status, answer = self._route(method, parts.path, {k: v[0] for k, v in record["query"].items()}, body)
        except DubError as e:
            status = ERROR_STATUS[e.code]
            answer = {"error": {"code": e.code, "message": e.message,
                                "doc_url": "https://dub.co/docs/api-reference/errors#%s" % e.code.replace("_", "-")}}
        except (ValueError, KeyError) as e:
            status = 400
            answer = {"error": {"code": "bad_request", "message": "Invalid request: %s" % e,
                                "doc_url": "https://dub.co/docs/api-reference/errors#bad-request"}}
        payload = json.dumps(answer).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(payload)

    def _route(self, method, path, query, body):
        with self.lock:
            if method == "POST" and path == "/links":
                return 200, self._create(body)
            if method == "PUT" and path == "/links/upsert":
                return 200, self._upsert(body)
            if method == "GET" and path == "/links/info":
                return 200, self._find(query)
            if method in ("PATCH", "DELETE") and path.startswith("/links/"):
                link = self._by_id(path[len("/links/"):])
                if method == "DELETE":
                    del self.links[link["id"]]
                    return 200, {"id": link["id"]}
                return 200, self._update(link, body)
            if method == "GET" and path == "/analytics":
                return 200, self._analytics(query)
            if method == "POST" and path == "/track/lead":
                return 200, self._lead(body)
        raise DubError("not_found", "Not found: %s %s" % (method, path))

    def _check(self, body):
        if not isinstance(body, dict) or not isinstance(body.get("url"), str) or not body["url"]:
            raise DubError("unprocessable_entity", "url: Required")
        unknown = set(body) - set(LINK_FIELDS)
        if unknown:
            raise DubError("unprocessable_entity", "Unrecognized key(s) in object: %s" % ", ".join(sorted(unknown)))
        if "tagNames" in body and not (isinstance(body["tagNames"], list)
                                       and all(isinstance(t, str) for t in body["tagNames"])):
            raise DubError("unprocessable_entity", "tagNames: Expected array of strings")

    def _conflicts(self, body, except_id=None):
        domain = body.get("domain") or self.default_domain
        for link in self.links.values():
            if link["id"] == except_id:
                continue
            if body.get("key") and link["domain"] == domain and link["key"] == body["key"]:
                raise DubError("conflict", "Duplicate key: This short link already exists.")
            if body.get("externalId") and link.get("externalId") == body["externalId"]:
                raise DubError("conflict", "A link with this externalId already exists.")

    def _create(self, body):
        self._check(body)
        self._conflicts(body)
        link_id = "link_%06d" % next(self._ids)
        domain = body.get("domain") or self.default_domain
        key = body.get("key") or "k%05d" % len(self.links)
        link = {"id": link_id, "domain": domain, "key": key, "shortLink": "https://%s/%s" % (domain, key),
                "clicks": 0, "leads": 0, "createdAt": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())}
        link.update({f: body.get(f) for f in LINK_FIELDS if f not in ("domain", "key", "tagNames")})
        link["tags"] = [{"id": "tag_" + n, "name": n, "color": "blue"} for n in body.get("tagNames") or []]
        self.links[link_id] = link
        self.clicks.setdefault(link_id, 0)
        return link

    def _update(self, link, body):
        merged = {f: link.get(f) for f in LINK_FIELDS if link.get(f) is not None and f != "tagNames"}
        merged.update({k: v for k, v in (body or {}).items()})
        self._check(merged)
        self._conflicts(merged, except_id=link["id"])
        for f in LINK_FIELDS:
            if f in (body or {}) and f not in ("domain", "key", "tagNames"):
                link[f] = body[f]
        if "domain" in (body or {}) or "key" in (body or {}):
            link["domain"] = merged.get("domain") or link["domain"]
            link["key"] = merged.get("key") or link["key"]
            link["shortLink"] = "https://%s/%s" % (link["domain"], link["key"])
        if "tagNames" in (body or {}):
            link["tags"] = [{"id": "tag_" + n, "name": n, "color": "blue"} for n in body["tagNames"]]
        return link

    def _upsert(self, body):
        """Dub's upsert: a link with the same URL is returned (updated when anything differs);
        otherwise a new one is created."""
        self._check(body)
        same = next((l for l in self.links.values() if l["url"] == body["url"]), None)
        return self._update(same, body) if same else self._create(body)

    def _by_id(self, link_id):
        if link_id.startswith("ext_"):
            link = self.by_external_id(link_id[4:])
        else:
            link = self.links.get(link_id)
        if not link:
            raise DubError("not_found", "Link not found.")
        return link

    def _find(self, query):
        if "linkId" in query:
            return self._by_id(query["linkId"])
        if "externalId" in query:
            return self._by_id("ext_" + query["externalId"].removeprefix("ext_"))
        if "domain" in query and "key" in query:
            link = next((l for l in self.links.values()
                         if l["domain"] == query["domain"] and l["key"] == query["key"]), None)
            if not link:
                raise DubError("not_found", "Link not found.")
            return link
        raise DubError("bad_request", "You must provide a domain and a key or a linkId or an externalId to retrieve a link.")

    def _analytics(self, query):
        event = query.get("event", "clicks")
        if event not in ("clicks", "leads", "sales", "composite"):
            raise DubError("unprocessable_entity", "event: Invalid enum value.")
        group = query.get("groupBy", "count")
        if "linkId" in query or "externalId" in query:
            links = [self._by_id(query["linkId"]) if "linkId" in query
                     else self._by_id("ext_" + query["externalId"].removeprefix("ext_"))]
        else:
            links = list(self.links.values())
        leads = lambda l: sum(1 for e in self.leads if e["link_id"] == l["id"])
        if group == "count":
            return {"clicks": sum(self.clicks.get(l["id"], 0) for l in links), "leads": sum(leads(l) for l in links),
                    "sales": 0, "saleAmount": 0}
        if group == "top_links":
            return [{"link": l["id"], "id": l["id"], "domain": l["domain"], "key": l["key"],
                     "shortLink": l["shortLink"], "url": l["url"], "clicks": self.clicks.get(l["id"], 0),
                     "leads": leads(l), "sales": 0, "saleAmount": 0} for l in links]
        raise DubError("unprocessable_entity", "groupBy: Invalid enum value.")

    def _lead(self, body):
        if not isinstance(body, dict):
            raise DubError("unprocessable_entity", "Invalid body")
        for field in ("clickId", "eventName", "customerExternalId"):
            if not isinstance(body.get(field), str) or (field != "clickId" and not body[field]):
                raise DubError("unprocessable_entity", "%s: Required" % field)
        link_id = self.click_ids.get(body["clickId"])
        if link_id is None:
            raise DubError("not_found", "Click event not found for clickId: %s" % body["clickId"])
        if any(e["customerExternalId"] == body["customerExternalId"] and e["eventName"] == body["eventName"]
               for e in self.leads):
            return None  # Dub deduplicates on customer and event name and answers null
        link = self.links[link_id]
        self.leads.append({"clickId": body["clickId"], "eventName": body["eventName"],
                           "customerExternalId": body["customerExternalId"], "link_id": link["id"]})
        link["leads"] = link.get("leads", 0) + 1
        return {"click": {"id": body["clickId"]},
                "link": {k: link.get(k) for k in ("id", "domain", "key", "shortLink", "url", "externalId")},
                "customer": {"name": None, "email": None, "avatar": None, "externalId": body["customerExternalId"]}}

    def _redirect(self, handler, domain_key):
        with self.lock:
            link = next((l for l in self.links.values() if "%s/%s" % (l["domain"], l["key"]) == domain_key), None)
        if link is None:
            handler.send_response(404)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        target = link["url"]
        if link.get("trackConversion"):
            target = self.follow(link["id"], "clk%012d" % next(self._ids))
        else:
            self.click(link["id"])
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def follow(self, link_id, click_id):
        """A click on the short link with conversion tracking: counts it and remembers its `dub_id`."""
        self.click(link_id)
        with self.lock:
            self.click_ids[click_id] = link_id
            return self.links[link_id]["url"] + "&dub_id=" + click_id


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", default="dub_test_" + "k" * 24)
    args = parser.parse_args()
    FakeDub(args.key, args.port).thread.join()


if __name__ == "__main__":
    main()
