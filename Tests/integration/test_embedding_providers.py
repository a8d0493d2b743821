"""`cvctl populate` and matching (`cvctl eval`, the live matching path of /api/match) against local
fakes of OpenAI, Azure OpenAI, HuggingFace TEI and Ollama (fake_embedders.py), each answering with
its own request rules and error bodies: the key header, Azure's query string, TEI's 32-item batch
limit (the client halves its batch), Retry-After, and the query/document prefixes reaching the
server as configured. Each test runs against its own Redis (Debian's redis-server) in a scratch
directory, with cvctl's working directory there and `--env-file` naming an empty file, so nothing
of a `make run` stack is read.
"""
import json
import os
import subprocess
import time

import pytest

from conftest import BIN_DIR
from fake_embedders import AZURE_KEY, OPENAI_KEY, FakeEmbedder

POSITIONS = {
    "positions": [
        {"id": "backend", "title": "Backend Developer", "pdf": "backend.pdf", "filename": "Backend.pdf",
         "examples": ["backend engineer", "backend software developer", "server side developer", "api developer",
                      "golang backend developer", "python backend engineer", "java backend developer",
                      "senior backend engineer", "backend developer remote", "node backend developer",
                      "backend platform engineer", "distributed systems backend engineer"]},
        {"id": "product", "title": "Product Manager", "pdf": "product.pdf", "filename": "Product.pdf",
         "examples": ["product owner", "senior product manager", "technical product manager", "product lead",
                      "group product manager", "product manager saas", "digital product manager",
                      "product management lead", "associate product manager", "principal product manager",
                      "product manager b2b", "head of product"]},
        {"id": "data", "title": "Data Engineer", "pdf": "data.pdf", "filename": "Data.pdf",
         "examples": ["data pipeline engineer", "etl engineer", "big data engineer", "senior data engineer",
                      "data platform engineer", "spark data engineer", "analytics data engineer",
                      "data warehouse engineer", "cloud data engineer", "data infrastructure engineer",
                      "streaming data engineer", "data engineer python"]},
    ],
    "counter_examples": ["nurse", "chef", "truck driver", "hair stylist", "accountant", "teacher", "plumber",
                         "graphic designer", "sales representative", "marketing manager", "lawyer", "pharmacist"],
}
QUERIES = [
    {"q": "backend developer golang", "expect": "backend", "cat": "title"},
    {"q": "product manager lead", "expect": "product", "cat": "title"},
    {"q": "spark data pipeline engineer", "expect": "data", "cat": "title"},
    {"q": "nurse chef", "expect": "none", "cat": "other"},
]
TEXTS = 3 + 36 + 12   # titles, examples, counter-examples: more than TEI's 32 in one batch


@pytest.fixture()
def scratch(tmp_path):
    """A Redis of its own and the files cvctl needs, in a scratch directory."""
    (tmp_path / "positions.json").write_text(json.dumps(POSITIONS))
    (tmp_path / "queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in QUERIES))
    (tmp_path / "empty.env").write_text("")
    sock = tmp_path / "redis.sock"
    redis = subprocess.Popen(["redis-server", "--port", "0", "--unixsocket", str(sock), "--save", "",
                              "--appendonly", "no", "--dir", str(tmp_path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if sock.exists():
            break
        time.sleep(0.05)
    yield tmp_path
    redis.terminate()
    redis.wait(timeout=10)


def cvctl(scratch, *args, **settings):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CVMATCH_")}
    env.update(CVMATCH_REDIS="unix:%s" % (scratch / "redis.sock"), CVMATCH_EMBED_RETRIES="2", **settings)
    return subprocess.run([str(BIN_DIR / "cvctl"), *args, "--env-file", str(scratch / "empty.env")], cwd=scratch,
                          env=env, capture_output=True, text=True, timeout=120)


def populate_and_match(scratch, fake, **settings):
    r = cvctl(scratch, "populate", "--positions", "positions.json", "--dictionaries", str(scratch), **settings)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "populated 3 positions, %d examples" % TEXTS in r.stdout
    populated = list(fake.requests)
    r = cvctl(scratch, "eval", "--predictions", "queries.jsonl", **settings)
    assert r.returncode == 0, r.stdout + r.stderr
    summary = r.stdout.strip().splitlines()[-1]
    assert summary.startswith("accuracy=1.000") and "gibberish_accept=0" in summary, r.stdout
    return populated, fake.requests[len(populated):]


def inputs(requests):
    return [text for req in requests if req["status"] == 200 for text in req["inputs"]]


# -- each provider, as configured for it ---------------------------------------------------------------------------
def test_openai_populate_and_match(scratch):
    with FakeEmbedder("openai") as fake:
        populated, matched = populate_and_match(scratch, fake, CVMATCH_EMBED_URL=fake.base_url,
                                                CVMATCH_EMBED_MODEL="text-embedding-3-small",
                                                CVMATCH_EMBED_API_KEY=OPENAI_KEY)
    assert all(req["path"] == "/v1/embeddings" and req["status"] == 200 for req in fake.requests)
    assert all(req["headers"]["authorization"] == "Bearer " + OPENAI_KEY for req in fake.requests)
    assert [len(req["inputs"]) for req in populated] == [TEXTS]          # one request: 51 ≤ the default 64
    assert sorted(inputs(populated))[:2] == ["accountant", "analytics data engineer"]   # no prefix configured
    assert set(inputs(matched)) <= {q["q"] for q in QUERIES} and inputs(matched)


def test_azure_api_key_header_and_api_version_kept_after_the_path(scratch):
    with FakeEmbedder("azure") as fake:
        key_file = scratch / "azure-key"
        key_file.write_text(AZURE_KEY + "\n")
        populate_and_match(scratch, fake, CVMATCH_EMBED_URL=fake.base_url, CVMATCH_EMBED_MODEL="text-embedding-3-small",
                           CVMATCH_EMBED_API_KEY_FILE=str(key_file), CVMATCH_EMBED_API_KEY_HEADER="api-key")
        assert all(req["path"] == "/openai/deployments/cv-embeddings/embeddings" for req in fake.requests)
        assert all(req["query"] == {"api-version": ["2024-02-01"]} for req in fake.requests)
        assert all(req["headers"]["api-key"] == AZURE_KEY and "authorization" not in req["headers"] for req in fake.requests)

        # the same key as a bearer token: Azure's 401, and cvctl says which settings were used
        r = cvctl(scratch, "populate", "--positions", "positions.json", CVMATCH_EMBED_URL=fake.base_url,
                  CVMATCH_EMBED_API_KEY_FILE=str(key_file))
    assert r.returncode != 0
    assert "embedding request rejected with 401" in r.stderr and "Access denied due to invalid subscription key" in r.stderr
    assert "CVMATCH_EMBED_URL from the environment" in r.stderr
    assert "key: CVMATCH_EMBED_API_KEY_FILE from the environment" in r.stderr
    assert "CVMATCH_EMBED_API_KEY_HEADER unset: its default" in r.stderr
    assert AZURE_KEY not in r.stderr + r.stdout


def test_tei_batch_limit_halves_the_batch_and_prefixes_reach_the_server(scratch):
    with FakeEmbedder("tei") as fake:
        populated, matched = populate_and_match(scratch, fake, CVMATCH_EMBED_URL=fake.base_url,
                                                CVMATCH_EMBED_MODEL="BAAI/bge-small-en-v1.5",
                                                CVMATCH_EMBED_QUERY_PREFIX="query: ", CVMATCH_EMBED_DOCUMENT_PREFIX="passage: ")
    # 51 texts in one request of the default 64 → 422 naming TEI's limit; then 32 + 19 (documents),
    # and again 32 + 19 as queries for the fit (the prefixes differ), then eval's queries
    assert populated[0]["status"] == 422 and len(populated[0]["inputs"]) == TEXTS
    assert [len(req["inputs"]) for req in populated[1:]] == [32, TEXTS - 32, 32, TEXTS - 32]
    assert all(text.startswith("passage: ") for text in populated[1]["inputs"] + populated[2]["inputs"])
    assert all(text.startswith("query: ") for text in populated[3]["inputs"] + populated[4]["inputs"])
    assert inputs(matched) and all(text.startswith("query: ") for text in inputs(matched))


def test_ollama_with_the_single_prefix_shorthand_and_an_unknown_model(scratch):
    with FakeEmbedder("ollama") as fake:
        populated, matched = populate_and_match(scratch, fake, CVMATCH_EMBED_URL=fake.base_url,
                                                CVMATCH_EMBED_MODEL="nomic-embed-text",
                                                CVMATCH_EMBED_PREFIX="search_query: ")
        # one prefix for both roles: the examples are embedded once, queries get the same prefix
        assert len(populated) == 1 and all(t.startswith("search_query: ") for t in inputs(populated) + inputs(matched))

        r = cvctl(scratch, "populate", "--positions", "positions.json", CVMATCH_EMBED_URL=fake.base_url,
                  CVMATCH_EMBED_MODEL="nomic-embed-txt")
    assert r.returncode != 0
    assert ('embedding request rejected with 404: model "nomic-embed-txt" not found, try pulling it first [not_found_error]'
            in r.stderr)


def test_retry_after_is_honoured(scratch):
    with FakeEmbedder("openai") as fake:
        fake.rate_limited = 1
        r = cvctl(scratch, "populate", "--positions", "positions.json", CVMATCH_EMBED_URL=fake.base_url,
                  CVMATCH_EMBED_API_KEY=OPENAI_KEY)
    assert r.returncode == 0, r.stdout + r.stderr
    assert [req["status"] for req in fake.requests] == [429, 200]
    waited = fake.requests[1]["time"] - fake.requests[0]["time"]
    assert 1.0 <= waited < 3.0, waited          # retry-after: 1, not the 100 ms backoff


def test_a_wrong_openai_key_names_the_setting(scratch):
    with FakeEmbedder("openai") as fake:
        r = cvctl(scratch, "populate", "--positions", "positions.json", CVMATCH_EMBED_URL=fake.base_url,
                  CVMATCH_EMBED_API_KEY="sk-wrong-key-1234")
    assert r.returncode != 0
    assert "rejected with 401: Incorrect API key provided: sk-****1234." in r.stderr and "[invalid_api_key]" in r.stderr
    assert "key: CVMATCH_EMBED_API_KEY from the environment" in r.stderr
    assert "sk-wrong-key-1234" not in r.stderr.replace("sk-****1234", "")
