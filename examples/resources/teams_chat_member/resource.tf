# A project chat whose roster is shared: the chat lists its core people and leaves everyone else alone.
resource "teams_chat" "launch" {
  chat_type         = "group"
  topic             = "Launch room"
  members_exclusive = false
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", roles = ["owner"] },
  ]
}

# Another team adds its own people, each on its own.
resource "teams_chat_member" "jacob" {
  chat_id = teams_chat.launch.id
  user    = "jacob@contoso.com"
}

# A guest of the tenant, who sees the chat's history from the start of the launch week.
resource "teams_chat_member" "contractor" {
  chat_id                         = teams_chat.launch.id
  user                            = "8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a"
  role                            = "guest"
  visible_history_start_date_time = "2026-11-23T00:00:00Z"
}
