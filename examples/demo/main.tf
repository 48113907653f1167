# What `make demo` applies against the local emulator, together with the resource examples in
# ../resources/teams_chat/resource.tf (the five examples of the create-chat page, and a project chat with an
# installed app and a Website tab).
# The provider is configured from the environment (TEAMS_GRAPH_ENDPOINT, TEAMS_ACCESS_TOKEN), which
# `make demo` sets.
terraform {
  required_providers {
    teams = {
      source = "teams-terraform/teams"
    }
  }
}

provider "teams" {}

output "chats" {
  description = "Each chat's id and creation time."
  value = {
    for name, chat in {
      example1_one_on_one       = teams_chat.one_on_one
      example2_group            = teams_chat.group
      example3_one_on_one_upn   = teams_chat.one_on_one_upn
      example4_group_with_guest = teams_chat.group_with_guest
      example5_federated        = teams_chat.federated
      project                   = teams_chat.phoenix
    } : name => { id = chat.id, created_date_time = chat.created_date_time }
  }
}

output "project_topic" {
  value = teams_chat.phoenix.topic
}

output "project_tools" {
  description = "What the project chat has besides its people: an installed app and a Website tab."
  value = {
    app = "${teams_chat_app_installation.phoenix_forms.app_display_name} ${teams_chat_app_installation.phoenix_forms.app_version}"
    tab = teams_chat_tab.phoenix_site.web_url
  }
}
