# Terraform 1.5 and later: import with an import block, then `terraform plan`.
import {
  to = teams_chat.imported
  id = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"
}

resource "teams_chat" "imported" {
  chat_type = "group"
  topic     = "Group chat title"
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", roles = ["owner"] },
    { user = "3626a173-f2bc-4883-bcf7-01514c3bfb82", roles = ["owner"] },
  ]
}
