"""IBM's own client, qiskit-ibm-runtime, unmodified, against the IBM emulator.

Run by qiskit.test.ts with IBM_EMULATOR (the emulator's origin), QISKIT_IBM_TOKEN and
QISKIT_IBM_INSTANCE set. Each step records what the client saw (values, or the client's
own exception type and message); the last stdout line is one JSON object of them, and
the test asserts on it. Nothing here works around the client: the only settings are the
ones the README's snippet uses.
"""
import json
import os
import sys
import urllib.request

from qiskit_ibm_runtime import Batch, QiskitRuntimeService, Session

emulator = os.environ["IBM_EMULATOR"]
token = os.environ["QISKIT_IBM_TOKEN"]
instance = os.environ["QISKIT_IBM_INSTANCE"]
os.environ["IAM_URL"] = emulator
os.environ["GLOBAL_SEARCH_URL"] = emulator + "/global-search"
os.environ["GLOBAL_CATALOG_URL"] = emulator + "/global-catalog/api/v1"


def service(api_key=token, crn=instance):
    return QiskitRuntimeService(
        channel="ibm_quantum_platform",
        url=emulator,
        token=api_key,
        instance=crn,
        url_resolver=lambda url, inst, private_endpoint, channel: emulator + "/api/v1",
    )


def control(path):
    """The emulator's control endpoint (not the client): queue a job in a session."""
    req = urllib.request.Request(emulator + "/_emulator" + path, data=b"{}", method="POST", headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as res:
        return json.loads(res.read() or b"null")


def failure(fn):
    try:
        fn()
    except Exception as e:  # the point: which of the client's exceptions, and what it says
        return {"type": type(e).__name__, "message": str(e)}
    return None


results = {}


def step(name):
    def run(fn):
        try:
            results[name] = fn()
        except Exception as e:
            results[name] = {"unexpected": f"{type(e).__name__}: {e}"}
    return run


svc = service()


@step("instances")
def _():
    return svc.instances()


@step("backends")
def _():
    b = svc.backend("ibm_torino")
    st = b.status()
    return {
        "names": [x.name for x in svc.backends()],
        "num_qubits": b.num_qubits,
        "target_qubits": b.target.num_qubits,
        "operational": st.operational,
        "pending_jobs": st.pending_jobs,
        "t1_q0": b.properties().t1(0),
    }


@step("usage")
def _():
    u = svc.usage()
    return {k: u.get(k) for k in ("usage_limit_seconds", "usage_remaining_seconds", "usage_limit_reached")}


@step("session")
def _():
    fez = svc.backend("ibm_fez")
    s = Session(backend=fez, max_time=600)
    seen = {"id": s.session_id, "opened": s.details(), "status_opened": s.status()}
    seen["from_id_while_open"] = failure(lambda: Session.from_id(s.session_id, svc))
    control(f"/ibm/sessions/{s.session_id}/jobs")
    seen["status_running"] = s.status()
    again = Session.from_id(s.session_id, svc)
    seen["from_id"] = {"id": again.session_id, "backend": again.backend()}
    s.close()
    seen["after_close"] = {k: s.details()[k] for k in ("state", "accepting_jobs")}
    seen["status_draining"] = s.status()
    s.cancel()
    seen["after_cancel"] = {k: s.details()[k] for k in ("state", "accepting_jobs")}
    seen["status_cancelled"] = s.status()
    return seen


@step("session_context_manager")
def _():
    with Session(backend=svc.backend("ibm_kingston")) as s:
        inside = s.status()
    return {"id": s.session_id, "inside": inside, "after": s.status(), "details": s.details()}


@step("batch")
def _():
    b = Batch(backend=svc.backend("ibm_marrakesh"))
    control(f"/ibm/sessions/{b.session_id}/jobs")
    seen = {"id": b.session_id, "mode": b.details()["mode"], "max_time": b.details()["max_time"]}
    seen["from_id_as_session"] = failure(lambda: Session.from_id(b.session_id, svc))
    seen["from_id_as_batch"] = Batch.from_id(b.session_id, svc).session_id
    b.cancel()
    seen["after_cancel"] = {k: b.details()[k] for k in ("state", "accepting_jobs")}
    return seen


@step("errors")
def _():
    return {
        "unknown_session": failure(lambda: Session.from_id("nosuchsession0000000", svc)),
        "unknown_backend": failure(lambda: svc.backend("ibm_nowhere")),
        "bad_api_key": failure(lambda: service(api_key="not-a-key")),
        "instance_not_in_account": failure(lambda: service(crn=instance.replace("00000000-demo", "11111111-other"))),
    }


sys.stdout.write(json.dumps(results) + "\n")
