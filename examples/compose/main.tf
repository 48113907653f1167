# One module creates the project chat, another adds a team's people to it, and a look-up by topic
# and people finds the chat again, as a later pipeline would.
terraform {
  required_providers {
    teams = {
      source = "teams-terraform/teams"
    }
  }
}

provider "teams" {}

module "project" {
  source = "./modules/project-chat"
  name   = "Project Atlas"
  leads  = ["8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "82fe7758-5bb3-4f0d-a43f-e555fd399c6f"]
}

module "design_team" {
  source  = "./modules/chat-people"
  chat_id = module.project.chat_id
  people = {
    "jacob@contoso.com"                    = "owner"
    "3626a173-f2bc-4883-bcf7-01514c3bfb82" = "owner"
    "8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a" = "guest"
  }
}

# Found by what a pipeline knows: a lead, the topic, and someone the design team added. Several
# chats may match (Teams allows duplicate topics), so take the newest, which the project module has
# just made, rather than one(), which fails once a second match exists.
data "teams_chats" "atlas" {
  user       = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"
  chat_type  = "group"
  topic      = "Project Atlas"
  members    = ["jacob@contoso.com"]
  depends_on = [module.design_team]
}

data "teams_chat" "atlas" {
  id         = data.teams_chats.atlas.chats[0].id
  depends_on = [module.design_team]
}

output "project_chat_id" {
  value = module.project.chat_id
}

output "found_chat_id" {
  value = data.teams_chats.atlas.chats[0].id
}

output "people_in_chat" {
  value = sort([for m in data.teams_chat.atlas.members : m.display_name])
}
