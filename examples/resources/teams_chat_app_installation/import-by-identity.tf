# Terraform 1.12 and later (and OpenTofu 1.12): import with the installation's identity, then `terraform plan`.
import {
  to = teams_chat_app_installation.board
  identity = {
    chat_id         = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"
    installation_id = "MTk6MWM1YjAxNjk2ZDJlNGExNzljMjkyYmM5Y2YwNGU2M2JAdGhyZWFkLnYyIyM3YTNmMWMyZS01YjhkLTRlNmYtOWEwYi0xYzJkM2U0ZjVhNmI="
  }
}

resource "teams_chat_app_installation" "board" {
  chat_id      = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"
  teams_app_id = "7a3f1c2e-5b8d-4e6f-9a0b-1c2d3e4f5a6b"
}
