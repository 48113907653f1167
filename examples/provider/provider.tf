terraform {
  required_providers {
    teams = {
      source = "teams-terraform/teams"
    }
  }
}

# Client secret of an app registration (the ARM_* environment variables work too:
# ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_SECRET).
provider "teams" {
  tenant_id     = "00000000-0000-0000-0000-000000000000"
  client_id     = "00000000-0000-0000-0000-000000000000"
  client_secret = var.client_secret
}

# Client certificate (PKCS#12 or PEM file, or base64 in client_certificate).
provider "teams" {
  alias                       = "certificate"
  tenant_id                   = "00000000-0000-0000-0000-000000000000"
  client_id                   = "00000000-0000-0000-0000-000000000000"
  client_certificate_path     = "/secrets/teams-provider.pfx"
  client_certificate_password = var.certificate_password
}

# Workload identity federation, for example in GitHub Actions (the runner's
# ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN are picked up).
provider "teams" {
  alias     = "oidc"
  tenant_id = "00000000-0000-0000-0000-000000000000"
  client_id = "00000000-0000-0000-0000-000000000000"
  use_oidc  = true
}

# Managed identity (client_id selects a user-assigned identity).
provider "teams" {
  alias   = "msi"
  use_msi = true
}

# A national cloud.
provider "teams" {
  alias       = "usgov"
  environment = "usgovernment"
  use_cli     = true
}

# The local emulator that ships with the provider (make demo, acceptance tests):
#   go run ./internal/emulator/cmd/teams-graph-emulator -listen 127.0.0.1:8080
provider "teams" {
  alias          = "emulator"
  graph_endpoint = "http://127.0.0.1:8080/v1.0"
  access_token   = "any-token"
}

variable "client_secret" {
  type      = string
  sensitive = true
}

variable "certificate_password" {
  type      = string
  sensitive = true
  default   = null
}
