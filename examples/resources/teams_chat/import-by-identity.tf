# Terraform 1.12 and later (and OpenTofu 1.12): import with the chat's identity, then `terraform plan`.
import {
  to = teams_chat.project
  identity = {
    id = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"
  }
}

resource "teams_chat" "project" {
  chat_type = "group"
  topic     = "Project Falcon"
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", roles = ["owner"] },
  ]
}
