# Module chat-people: a team adds its own people to a chat that someone else manages.
terraform {
  required_providers {
    teams = {
      source = "teams-terraform/teams"
    }
  }
}

variable "chat_id" {
  type        = string
  description = "The id of the chat (19:…), such as the project-chat module's chat_id output."

  validation {
    condition     = startswith(var.chat_id, "19:")
    error_message = "chat_id takes the chat's id (19:…@thread.v2), such as module.project.chat_id, not its topic."
  }
}

variable "people" {
  type        = map(string)
  description = "User (object id or user principal name) => role (owner or guest)."

  validation {
    condition     = alltrue([for role in values(var.people) : contains(["owner", "guest"], role)])
    error_message = "Each person's role is owner (people of your organisation and of others) or guest (guest users of your tenant)."
  }
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
