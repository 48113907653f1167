# Test helper for the modules' `terraform test` files: reads a chat back from Microsoft Graph (or the
# local emulator), so that a run asserts what Graph holds rather than what the module planned.
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

variable "lead" {
  type        = string
  description = "Someone in the chat, whose chats the look-up by topic lists."
}

data "teams_chat" "this" {
  id = var.chat_id
}

data "teams_chats" "by_topic" {
  user      = var.lead
  chat_type = "group"
  topic     = data.teams_chat.this.topic
}

output "chat_id" {
  value = data.teams_chat.this.id
}

output "topic" {
  value = data.teams_chat.this.topic
}

# Each member's object id => roles (Graph may give an owner no role; a guest has "guest").
output "members" {
  value = { for m in data.teams_chat.this.members : m.user_id => sort(m.roles) }
}

output "chat_ids_with_topic" {
  value = [for c in data.teams_chats.by_topic.chats : c.id]
}
