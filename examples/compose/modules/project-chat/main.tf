# Module project-chat: creates a project's group chat with its leads, and leaves the rest of the
# roster to other modules (members_exclusive = false).
terraform {
  required_providers {
    teams = {
      source = "teams-terraform/teams"
    }
  }
}

variable "name" {
  type        = string
  description = "The project's name; the chat's topic."
}

variable "leads" {
  type        = list(string)
  description = "Object ids or user principal names of the project's leads (owners)."
}

resource "teams_chat" "this" {
  chat_type         = "group"
  topic             = var.name
  members_exclusive = false
  members           = [for u in var.leads : { user = u, roles = ["owner"] }]
}

output "chat_id" {
  value = teams_chat.this.id
}
