# End-to-end test configuration for the OpenTofu provider: one session of each kind, the
# credentials from the environment except Jupyter's token, which the provider block takes
# from a sensitive variable (both ways a user sets them).
terraform {
  required_providers {
    sessions = {
      source  = "pulumi-sessions/sessions"
      version = "~> 0.3"
    }
  }
}

variable "ibm_backend" { type = string }
variable "jupyter_url" { type = string }
variable "jupyter_path" { type = string }
variable "deepnote_notebook" { type = string }
variable "oci_platform" { type = string }
variable "oci_workspace" { type = string }
variable "oci_endpoint" { type = string }
variable "jupyter_token" {
  type      = string
  sensitive = true
}

provider "sessions" {
  jupyter_token = var.jupyter_token
  oci_endpoint  = var.oci_endpoint
}

resource "sessions_ibm_quantum_session" "ibm" {
  backend          = var.ibm_backend
  poll_interval_ms = 100
}

resource "sessions_deepnote_session" "deepnote" {
  notebook_id      = var.deepnote_notebook
  inputs           = { region = "eu", flags = ["a", "b"] }
  poll_interval_ms = 100
}

resource "sessions_oci_notebook_session" "oci" {
  ai_data_platform_id = var.oci_platform
  workspace_key       = var.oci_workspace
  path                = "Workspace/tofu.ipynb"
  poll_interval_ms    = 100
}

resource "sessions_jupyter_session" "jupyter" {
  url              = var.jupyter_url
  path             = var.jupyter_path
  poll_interval_ms = 100
}

output "ibm_state" { value = sessions_ibm_quantum_session.ibm.state }
output "jupyter_kernel" { value = sessions_jupyter_session.jupyter.kernel.execution_state }
