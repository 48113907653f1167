resource "teams_chat" "launch" {
  chat_type = "group"
  topic     = "Launch room"
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", roles = ["owner"] },
  ]
}

# A Website tab: a built-in tab, no installation needed.
resource "teams_chat_tab" "status_page" {
  chat_id      = teams_chat.launch.id
  teams_app_id = "com.microsoft.teamspace.tab.web"
  display_name = "Status page"
  configuration = {
    content_url = "https://status.contoso.com/launch"
    website_url = "https://status.contoso.com/launch"
  }
}

# A tab of the organisation's project board app: the app is installed in the chat first.
data "teams_app" "board" {
  external_id = "contoso-project-board"
}

resource "teams_chat_app_installation" "board" {
  chat_id      = teams_chat.launch.id
  teams_app_id = data.teams_app.board.id
}

resource "teams_chat_tab" "board" {
  chat_id      = teams_chat.launch.id
  teams_app_id = teams_chat_app_installation.board.teams_app_id
  display_name = "Launch board"
  configuration = {
    entity_id   = "launch"
    content_url = "https://board.contoso.com/boards/launch/tab"
    website_url = "https://board.contoso.com/boards/launch"
  }
}
