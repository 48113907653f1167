# Terraform 1.12 and later (and OpenTofu 1.12): import with the tab's identity, then `terraform plan`.
import {
  to = teams_chat_tab.board
  identity = {
    chat_id = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"
    tab_id  = "794f0e4e-4d10-4bb5-9079-3a465a629eff"
  }
}

resource "teams_chat_tab" "board" {
  chat_id      = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"
  teams_app_id = "7a3f1c2e-5b8d-4e6f-9a0b-1c2d3e4f5a6b"
  display_name = "Launch board"
  configuration = {
    entity_id   = "launch"
    content_url = "https://board.contoso.com/boards/launch/tab"
    website_url = "https://board.contoso.com/boards/launch"
  }
}
