"""Local stand-ins for four embedding providers, answering `POST …/embeddings` the way each one
does, errors included, so the client is tested against their real request and answer shapes:

  openai  https://api.openai.com/v1/embeddings: `Authorization: Bearer KEY`; errors
          {"error": {"message", "type", "param", "code"}}; 429 with `retry-after` (seconds)
  azure   https://NAME.openai.azure.com/openai/deployments/DEPLOYMENT/embeddings?api-version=…:
          `api-key: KEY`; errors {"error": {"code": "401", "message": …}}; a path without
          api-version is 404 {"error": {"code": "404", "message": "Resource not found"}};
          429 with `retry-after` and `retry-after-ms`
  tei     HuggingFace text-embeddings-inference, OpenAI route /v1/embeddings, default
          --max-client-batch-size 32: 422 {"error": "batch size N > maximum allowed batch size 32",
          "error_type": "Validation"}; answers with its own model id
  ollama  /v1/embeddings (OpenAI compatibility): no key; an unknown model is
          404 {"error": {"message": "model \"x\" not found, try pulling it first",
          "type": "not_found_error", "param": null, "code": null}}

Vectors are deterministic bags of hashed words (words ending in ":" — the e5/nomic prefixes —
left out), so texts sharing words are close and populate/match decide sensibly. Every request is
recorded (path, query, headers, inputs, answer status) in `server.requests`.
"""
import hashlib
import json
import math
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

DIMENSION = 256
OPENAI_KEY = "sk-test-openai-0123456789"
AZURE_KEY = "0123456789abcdef0123456789abcdef"
AZURE_DEPLOYMENT = "cv-embeddings"
TEI_MODEL = "BAAI/bge-small-en-v1.5"
TEI_MAX_BATCH = 32
OLLAMA_MODELS = ("nomic-embed-text", "nomic-embed-text:latest")


def vector(text):
    v = [0.0] * DIMENSION
    for word in text.lower().split():
        if word.endswith(":"):
            continue
        h = hashlib.sha256(word.encode()).digest()
        v[int.from_bytes(h[:2], "big") % DIMENSION] += 1.0
        v[int.from_bytes(h[2:4], "big") % DIMENSION] += 0.5
    norm = math.sqrt(sum(x * x for x in v)) or 1.0
    return [x / norm for x in v]


def embedding_list(model, inputs):
    tokens = sum(len(t.split()) for t in inputs)
    return {"object": "list",
            "data": [{"object": "embedding", "index": i, "embedding": vector(t)} for i, t in enumerate(inputs)],
            "model": model, "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}


class FakeEmbedder:
    """One provider flavour on 127.0.0.1:<port>; `rate_limited` answers that many 429s first."""

    def __init__(self, flavour):
        assert flavour in ("openai", "azure", "tei", "ollama")
        self.flavour = flavour
        self.requests = []
        self.rate_limited = 0
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer, headers = fake.answer(self.path, self.headers, body)
                text = isinstance(answer, str)
                payload = answer.encode() if text else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8" if text else "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def base_url(self):
        """What CVMATCH_EMBED_URL is set to for this provider."""
        root = "http://127.0.0.1:%d" % self.port
        if self.flavour == "azure":
            return root + "/openai/deployments/%s?api-version=2024-02-01" % AZURE_DEPLOYMENT
        return root + "/v1"

    # -- what each provider answers -------------------------------------------------------------
    def answer(self, path, headers, body):
        url = urlsplit(path)
        record = {"path": url.path, "query": parse_qs(url.query), "headers": {k.lower(): v for k, v in headers.items()},
                  "time": time.monotonic(), "inputs": None, "status": None}
        status, answer, extra = self._answer(url, record["headers"], body, record)
        record["status"] = status
        with self._lock:
            self.requests.append(record)
        return status, answer, extra

    def _answer(self, url, headers, body, record):
        try:
            request = json.loads(body)
        except ValueError:
            request = None
        inputs = request.get("input") if isinstance(request, dict) else None
        if isinstance(inputs, str):
            inputs = [inputs]
        record["inputs"] = inputs
        model = request.get("model") if isinstance(request, dict) else None
        return getattr(self, "_" + self.flavour)(url, headers, inputs, model)

    def _rate_limit(self):
        with self._lock:
            if self.rate_limited <= 0:
                return False
            self.rate_limited -= 1
            return True

    def _openai(self, url, headers, inputs, model):
        if url.path != "/v1/embeddings":
            return 404, {"error": {"message": "Invalid URL (POST %s)" % url.path, "type": "invalid_request_error",
                                   "param": None, "code": None}}, {}
        if headers.get("authorization") != "Bearer " + OPENAI_KEY:
            shown = headers.get("authorization", "")[7:]
            if not shown:
                return 401, {"error": {"message": "You didn't provide an API key. You need to provide your API key in an "
                                                  "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), "
                                                  "or as the password field (with blank username) if you're accessing the API "
                                                  "from your browser and are prompted for a username and password. You can "
                                                  "obtain an API key from https://platform.openai.com/account/api-keys.",
                                       "type": "invalid_request_error", "param": None, "code": None}}, {}
            return 401, {"error": {"message": "Incorrect API key provided: %s****%s. You can find your API key at "
                                              "https://platform.openai.com/account/api-keys." % (shown[:3], shown[-4:]),
                                   "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}}, {}
        if self._rate_limit():
            return 429, {"error": {"message": "Rate limit reached for %s in organization org-test on requests per min (RPM): "
                                              "Limit 3000, Used 3000, Requested 1. Please try again in 1s. Visit "
                                              "https://platform.openai.com/account/rate-limits to learn more." % model,
                                   "type": "requests", "param": None, "code": "rate_limit_exceeded"}}, {"retry-after": "1"}
        if not inputs or len(inputs) > 2048:
            return 400, {"error": {"message": "'$.input' is invalid. Please check the API reference: "
                                              "https://platform.openai.com/docs/api-reference.",
                                   "type": "invalid_request_error", "param": None, "code": None}}, {}
        return 200, embedding_list(model, inputs), {}

    def _azure(self, url, headers, inputs, model):
        if url.path != "/openai/deployments/%s/embeddings" % AZURE_DEPLOYMENT or "api-version" not in parse_qs(url.query):
            return 404, {"error": {"code": "404", "message": "Resource not found"}}, {}
        if headers.get("api-key") != AZURE_KEY:
            return 401, {"error": {"code": "401", "message": "Access denied due to invalid subscription key or wrong API "
                                                             "endpoint. Make sure to provide a valid key for an active "
                                                             "subscription and use a correct regional API endpoint for "
                                                             "your resource."}}, {}
        if self._rate_limit():
            return 429, {"error": {"code": "429", "message": "Requests to the Embeddings_Create Operation under Azure OpenAI "
                                                             "API version 2024-02-01 have exceeded call rate limit of your "
                                                             "current OpenAI S0 pricing tier. Please retry after 1 second. "
                                                             "Please go here: https://aka.ms/oai/quotaincrease if you would "
                                                             "like to further increase the default rate limit."}}, \
                {"retry-after": "1", "retry-after-ms": "1000"}
        if not inputs:
            return 400, {"error": {"message": "'$.input' is invalid. Please check the API reference: "
                                              "https://platform.openai.com/docs/api-reference.",
                                   "type": "invalid_request_error", "param": None, "code": None}}, {}
        return 200, embedding_list("text-embedding-3-small", inputs), {}

    def _tei(self, url, headers, inputs, model):
        if url.path not in ("/v1/embeddings", "/embeddings"):
            return 404, {"error": "Not Found", "error_type": "Not Found"}, {}
        if self._rate_limit():
            return 429, {"error": "Model is overloaded", "error_type": "overloaded"}, {}
        if not inputs:
            return 422, {"error": "`inputs` cannot be empty", "error_type": "Validation"}, {}
        if len(inputs) > TEI_MAX_BATCH:
            return 422, {"error": "batch size %d > maximum allowed batch size %d" % (len(inputs), TEI_MAX_BATCH),
                         "error_type": "Validation"}, {}
        return 200, embedding_list(TEI_MODEL, inputs), {}

    def _ollama(self, url, headers, inputs, model):
        if url.path != "/v1/embeddings":
            return 404, "404 page not found", {}   # gin's own answer for an unknown route
        if model not in OLLAMA_MODELS:
            return 404, {"error": {"message": "model \"%s\" not found, try pulling it first" % model,
                                   "type": "not_found_error", "param": None, "code": None}}, {}
        if not inputs:
            return 400, {"error": {"message": "invalid input", "type": "invalid_request_error", "param": None,
                                   "code": None}}, {}
        return 200, embedding_list(model, inputs), {}
