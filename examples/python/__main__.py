"""An IBM Quantum session for calibration runs, and a Deepnote session that runs a report notebook."""
import pulumi
import pulumi_sessions as sessions

config = pulumi.Config()

calibration = sessions.ibm.QuantumSession(
    "calibration",
    backend=config.get("backend") or "ibm_fez",
    mode="dedicated",
    max_ttl_seconds=3600,
)
report = sessions.deepnote.Session(
    "report",
    notebook_id=config.require("notebookId"),
    inputs={"region": "eu"},
    idle_shutdown_seconds=900,
)

pulumi.export("calibration_state", calibration.state)
pulumi.export("report_run", report.initial_run_status)
