"""Oracle's own AI Data Platform client, aidp-python-client, unmodified, against the OCI emulator.

Run by oracle-aidp.test.ts with AIDP_EMULATOR (the emulator's origin, no trailing slash),
OCI_CONFIG_FILE, AIDP_PLATFORM and AIDP_WORKSPACE set, and OTHER_OCI_CONFIG_FILE (a key the
emulator does not know). The only setting is the endpoint. Each step records what the
client saw (values, or its ServiceError's status and code); the last stdout line is one
JSON object of them, and the test asserts on it.
"""
import json
import os
import time

import oci
from aidp_python_client.aidataplatform_dp import NotebookClient
from aidp_python_client.aidataplatform_dp.models import CreateSessionDetails, PatchSessionDetails

endpoint = os.environ["AIDP_EMULATOR"]
platform = os.environ["AIDP_PLATFORM"]
workspace = os.environ["AIDP_WORKSPACE"]


def client(config_file=os.environ["OCI_CONFIG_FILE"]):
    # One fault would otherwise open the SDK's shared circuit breaker for every later step.
    return NotebookClient(
        oci.config.from_file(config_file, "DEFAULT"),
        service_endpoint=endpoint,
        circuit_breaker_strategy=oci.circuit_breaker.NoCircuitBreakerStrategy(),
    )


c = client()
seen = {}


def error(e):
    return {"status": e.status, "code": e.code}


def create(path, token=None, **fields):
    details = CreateSessionDetails(path=path, type="notebook", kernel={"name": "python3"}, **fields)
    kwargs = {"opc_retry_token": token} if token else {}
    r = c.create_session(platform, workspace, details, **kwargs)
    return r.data, r.headers


# A create with a retry token, then the same create replayed with it: one session.
first, first_headers = create("conformance/a.ipynb", token="conformance-token-1")
replay, _ = create("conformance/a.ipynb", token="conformance-token-1")
seen["create"] = {"id": first.id, "replay_id": replay.id, "etag": bool(first_headers.get("etag")), "state": first.lifecycle_state}

# Get until ACTIVE, as NotebookClientCompositeOperations would.
deadline = time.time() + 30
state = None
while time.time() < deadline:
    got = c.get_session(platform, workspace, first.id)
    state = got.data.lifecycle_state
    if state == "ACTIVE":
        break
    time.sleep(0.05)
seen["active"] = {"state": state, "kernel": got.data.kernel.name, "etag": got.headers.get("etag")}

# The same path with a new retry token: the existing session comes back.
same, _ = create("conformance/a.ipynb", token="conformance-token-2")
seen["same_path"] = {"id": same.id}

# Listing: by path, by cluster, and every page with a page size of one.
create("conformance/b.ipynb", cluster_id="cluster-1")
create("conformance/c.ipynb", cluster_id="cluster-1")
by_path = c.list_sessions(platform, workspace, path="conformance/b.ipynb").data.items
by_cluster = c.list_sessions(platform, workspace, cluster_id="cluster-1").data.items
first_page = c.list_sessions(platform, workspace, limit=1)
every = oci.pagination.list_call_get_all_results(c.list_sessions, platform, workspace, limit=1).data
seen["list"] = {
    "by_path": [s.path for s in by_path],
    "by_cluster": sorted(s.path for s in by_cluster),
    "first_page": {"count": len(first_page.data.items), "next": first_page.next_page is not None},
    "all_paths": sorted(s.path for s in every),
}

# Query values with reserved characters, signed as sent.
odd_path = "conformance/a~b*c d+e.ipynb"
create(odd_path)
odd = c.list_sessions(platform, workspace, path=odd_path, agent_flow_key="flow~1*x").data.items
seen["reserved"] = {"by_path": [s.path for s in c.list_sessions(platform, workspace, path=odd_path).data.items], "with_flow_filter": len(odd)}

# Patch with the current etag, then with a stale one.
etag = c.get_session(platform, workspace, first.id).headers["etag"]
patched = c.patch_session(platform, workspace, first.id, PatchSessionDetails(name="renamed"), if_match=etag)
try:
    c.patch_session(platform, workspace, first.id, PatchSessionDetails(name="again"), if_match=etag)
    seen["stale_etag"] = "accepted"
except oci.exceptions.ServiceError as e:
    seen["stale_etag"] = error(e)
seen["patch"] = {"name": patched.data.name, "etag_changed": patched.headers.get("etag") != etag}

# Delete, then read it back.
deleted = c.delete_session(platform, workspace, first.id)
seen["delete"] = {"status": deleted.status}
try:
    c.get_session(platform, workspace, first.id)
    seen["after_delete"] = "found"
except oci.exceptions.ServiceError as e:
    seen["after_delete"] = error(e)

# A key the tenancy does not know.
try:
    client(os.environ["OTHER_OCI_CONFIG_FILE"]).list_sessions(platform, workspace)
    seen["wrong_key"] = "accepted"
except oci.exceptions.ServiceError as e:
    seen["wrong_key"] = error(e)

print(json.dumps(seen))
