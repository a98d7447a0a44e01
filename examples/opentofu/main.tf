# One session of each kind from OpenTofu (or Terraform). Credentials and endpoints come from
# the environment (QISKIT_IBM_TOKEN, DEEPNOTE_TOKEN, OCI_CONFIG_FILE, JUPYTER_TOKEN, ...) or
# from the provider block; see README.md beside this file.
terraform {
  required_providers {
    sessions = {
      source  = "pulumi-sessions/sessions"
      version = "~> 0.3"
    }
  }
}

variable "deepnote_notebook" {
  type        = string
  description = "The Deepnote notebook the session runs (its id)."
}

variable "oci_platform" {
  type        = string
  description = "The OCID of the OCI AI Data Platform."
}

variable "oci_workspace" {
  type        = string
  description = "The workspace key in that platform."
}

variable "jupyter_url" {
  type    = string
  default = "http://127.0.0.1:8888"
}

provider "sessions" {}

resource "sessions_ibm_quantum_session" "calibration" {
  backend         = "ibm_fez"
  mode            = "dedicated"
  max_ttl_seconds = 3600
}

resource "sessions_deepnote_session" "report" {
  notebook_id           = var.deepnote_notebook
  idle_shutdown_seconds = 900
}

resource "sessions_oci_notebook_session" "etl" {
  ai_data_platform_id = var.oci_platform
  workspace_key       = var.oci_workspace
  path                = "Workspace/etl.ipynb"

  timeouts {
    create = "15m"
  }
}

resource "sessions_jupyter_session" "analysis" {
  url  = var.jupyter_url
  path = "work/analysis.ipynb"
}

output "calibration_state" {
  value = sessions_ibm_quantum_session.calibration.state
}

output "report_state" {
  value = sessions_deepnote_session.report.state
}

output "etl_state" {
  value = sessions_oci_notebook_session.etl.lifecycle_state
}

output "analysis_kernel" {
  value = sessions_jupyter_session.analysis.kernel.execution_state
}
