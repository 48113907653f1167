# Module chat-people: a team adds its own people to a chat that someone else manages.
terraform {
  required_providers {
    teams = {
      source = "teams-terraform/teams"
    }
  }
}

variable "chat_id" {
  type = string
}

variable "people" {
  type        = map(string)
  description = "User (object id or user principal name) => role (owner or guest)."
}

resource "teams_chat_member" "this" {
  for_each = var.people
  chat_id  = var.chat_id
  user     = each.key
  role     = each.value
}

output "membership_ids" {
  value = { for u, m in teams_chat_member.this : u => m.membership_id }
}
