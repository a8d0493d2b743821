"""Backup and restore with cvctl: demo data -> backup -> flush -> restore -> the same report, on
both Redis kinds (with the search module the matcher's vector index, which is not a key, is
recreated and matching through nginx keeps working). A restore refuses a non-empty keyspace
without --force and a damaged file before touching Redis."""
import gzip
import json

from test_report import redis_client, report_json, run_cvctl


def cvm_keys(client):
    return sorted(client.scan_iter(match="cvm:*", count=1000))


def test_backup_flush_restore_gives_the_same_report(stack, tmp_path):
    client = redis_client(stack)
    run_cvctl(stack, "demo", "--days", "30")
    assert stack.match_token("backend developer")["matched"]
    report = report_json(stack)
    keys = cvm_keys(client)
    cached = next(k for k in keys if k.startswith("cvm:emb:"))
    expiry = client.pexpiretime(cached)
    assert expiry > 0

    backup = tmp_path / "cvmatch.backup.gz"
    out = run_cvctl(stack, "backup", str(backup)).stdout
    print(out)
    assert "backed up %d keys" % len(keys) in out
    assert backup.stat().st_mode & 0o777 == 0o600
    lines = gzip.decompress(backup.read_bytes()).split(b"\n", 2)
    assert lines[0] == b"CVMATCH-BACKUP 1"
    manifest = json.loads(lines[1])
    assert manifest["keys"] == len(keys) and manifest["matcher_version"] == client.get("cvm:matcher:version")
    assert manifest["vector_index"] == (stack.kind == "search") and len(manifest["sha256"]) == 64
    assert manifest["redis_version"] == client.info("server")["redis_version"]

    refused = run_cvctl(stack, "restore", str(backup), check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr, refused.stderr

    client.flushall()
    assert cvm_keys(client) == []
    out = run_cvctl(stack, "restore", str(backup)).stdout
    print(out)
    assert cvm_keys(client) == keys
    assert client.pexpiretime(cached) == expiry
    assert report_json(stack) == report
    if stack.kind == "search":
        assert "vector index recreated" in out
        assert "cvm:idx:" + manifest["matcher_version"] in client.execute_command("FT._LIST")
    # the site works on the restored data: a match (KNN on the recreated index with search) and its download
    assert stack.download(stack.match_token("backend developer")["token"]).status_code == 200


def test_restore_refuses_a_damaged_file_before_touching_redis(stack, tmp_path):
    client = redis_client(stack)
    backup = tmp_path / "good.gz"
    run_cvctl(stack, "backup", str(backup))
    contents = bytearray(gzip.decompress(backup.read_bytes()))
    contents[-5] ^= 0x01
    damaged = tmp_path / "damaged.gz"
    damaged.write_bytes(gzip.compress(bytes(contents)))
    keys = cvm_keys(client)
    r = run_cvctl(stack, "restore", "--force", str(damaged), check=False)
    assert r.returncode != 0 and "checksum mismatch" in r.stderr, r.stderr
    truncated = tmp_path / "truncated.gz"
    truncated.write_bytes(backup.read_bytes()[:-40])
    r = run_cvctl(stack, "restore", "--force", str(truncated), check=False)
    assert r.returncode != 0 and "truncated" in r.stderr, r.stderr
    assert cvm_keys(client) == keys
    # --force replaces a non-empty keyspace with the backup's
    client.set("cvm:stray", "x")
    run_cvctl(stack, "restore", "--force", str(backup))
    assert cvm_keys(client) == keys
