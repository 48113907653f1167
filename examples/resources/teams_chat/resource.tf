# Example 1 of the create-chat page: a one-on-one chat between two people, by object id.
# Graph hands back the existing chat when the two already have one.
resource "teams_chat" "one_on_one" {
  chat_type = "oneOnOne"
  members = [
    { user = "8b081ef6-4792-4def-b2c9-c363a1bf41d5", roles = ["owner"] },
    { user = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d", roles = ["owner"] },
  ]
}

# Example 2: a group chat with a topic.
resource "teams_chat" "group" {
  chat_type = "group"
  topic     = "Group chat title"
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", roles = ["owner"] },
    { user = "3626a173-f2bc-4883-bcf7-01514c3bfb82", roles = ["owner"] },
  ]
}

# Example 3: a one-on-one chat by user principal name.
resource "teams_chat" "one_on_one_upn" {
  chat_type = "oneOnOne"
  members = [
    { user = "jacob@contoso.com", roles = ["owner"] },
    { user = "alex@contoso.com", roles = ["owner"] },
  ]
}

# Example 4: a group chat with a guest of the tenant (guests take the guest role).
resource "teams_chat" "group_with_guest" {
  chat_type = "group"
  topic     = "Group chat title"
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", roles = ["owner"] },
    { user = "8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a", roles = ["guest"] },
  ]
}

# Example 5: a one-on-one chat with a user of another organisation (federated).
resource "teams_chat" "federated" {
  chat_type = "oneOnOne"
  members = [
    { user = "8b081ef6-4792-4def-b2c9-c363a1bf41d5", roles = ["owner"] },
    { user = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d", roles = ["owner"], tenant_id = "4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1" },
  ]
}

# A project chat: renamed and re-staffed in place, deleted on destroy.
resource "teams_chat" "phoenix" {
  chat_type         = "group"
  topic             = "Project Phoenix"
  deletion_behavior = "delete"
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "jacob@contoso.com", roles = ["owner"] },
    { user = "3626a173-f2bc-4883-bcf7-01514c3bfb82", roles = ["guest"] },
    { user = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d", roles = ["owner"], tenant_id = "4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1" },
  ]

  timeouts {
    update = "30m"
  }
}

# The project chat's tools: the Forms app (polls and quizzes) installed, and the project site pinned as a Website tab.
resource "teams_chat_app_installation" "phoenix_forms" {
  chat_id      = teams_chat.phoenix.id
  teams_app_id = "1542629c-01b3-4a6d-8f76-1938b779e48d"
}

resource "teams_chat_tab" "phoenix_site" {
  chat_id      = teams_chat.phoenix.id
  teams_app_id = "com.microsoft.teamspace.tab.web"
  display_name = "Project site"
  configuration = {
    content_url = "https://contoso.com/phoenix"
    website_url = "https://contoso.com/phoenix"
  }
}
