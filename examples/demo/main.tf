# The demo that `make demo` applies against the local emulator: the five examples of the
# create-chat page and one project chat. The provider is configured from the environment
# (TEAMS_GRAPH_ENDPOINT, TEAMS_ACCESS_TOKEN), which `make demo` sets.
terraform {
  required_providers {
    teams = {
      source = "teams-terraform/teams"
    }
  }
}

provider "teams" {}

variable "project_topic" {
  type        = string
  default     = "Project Phoenix"
  description = "The project chat's topic; the demo renames the chat by changing it."
}

resource "teams_chat" "example1_one_on_one" {
  chat_type = "oneOnOne"
  members = [
    { user = "8b081ef6-4792-4def-b2c9-c363a1bf41d5", roles = ["owner"] },
    { user = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d", roles = ["owner"] },
  ]
}

resource "teams_chat" "example2_group" {
  chat_type = "group"
  topic     = "Group chat title"
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", roles = ["owner"] },
    { user = "3626a173-f2bc-4883-bcf7-01514c3bfb82", roles = ["owner"] },
  ]
}

resource "teams_chat" "example3_one_on_one_upn" {
  chat_type = "oneOnOne"
  members = [
    { user = "jacob@contoso.com", roles = ["owner"] },
    { user = "alex@contoso.com", roles = ["owner"] },
  ]
}

resource "teams_chat" "example4_group_with_guest" {
  chat_type = "group"
  topic     = "Group chat title"
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", roles = ["owner"] },
    { user = "8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a", roles = ["guest"] },
  ]
}

# The page's example 5 names the same two people as example 1 (the second one as a user of another
# organisation), so Graph hands back example 1's chat; depends_on makes the order, and the warning, predictable.
resource "teams_chat" "example5_federated" {
  depends_on = [teams_chat.example1_one_on_one]
  chat_type  = "oneOnOne"
  members = [
    { user = "8b081ef6-4792-4def-b2c9-c363a1bf41d5", roles = ["owner"] },
    { user = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d", roles = ["owner"], tenant_id = "4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1" },
  ]
}

resource "teams_chat" "project" {
  chat_type = "group"
  topic     = var.project_topic
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "jacob@contoso.com", roles = ["owner"] },
    { user = "3626a173-f2bc-4883-bcf7-01514c3bfb82", roles = ["guest"] },
    { user = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d", roles = ["owner"], tenant_id = "4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1" },
  ]
}

output "chats" {
  description = "Each chat's id and creation time."
  value = {
    for name, chat in {
      example1_one_on_one       = teams_chat.example1_one_on_one
      example2_group            = teams_chat.example2_group
      example3_one_on_one_upn   = teams_chat.example3_one_on_one_upn
      example4_group_with_guest = teams_chat.example4_group_with_guest
      example5_federated        = teams_chat.example5_federated
      project                   = teams_chat.project
    } : name => { id = chat.id, created_date_time = chat.created_date_time }
  }
}

output "project_topic" {
  value = teams_chat.project.topic
}
