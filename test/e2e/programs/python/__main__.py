"""The test sets `sessions` to a map of resource name -> {"kind": ..., "args": {...}}, with
the Python SDK's snake_case argument names, as a user's program would pass them."""
import pulumi
import pulumi_sessions as sessions

KINDS = {
    "ibm": sessions.ibm.QuantumSession,
    "deepnote": sessions.deepnote.Session,
    "oci": sessions.oci.NotebookSession,
    "jupyter": sessions.jupyter.Session,
}

for name, entry in pulumi.Config().require_object("sessions").items():
    resource = KINDS[entry["kind"]](name, **entry["args"])
    pulumi.export(f"{name}_id", resource.id)
