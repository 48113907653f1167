resource "teams_chat" "launch" {
  chat_type = "group"
  topic     = "Launch room"
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", roles = ["owner"] },
  ]
}

# The organisation's project board app, found in the tenant's app catalog by its manifest id.
data "teams_app" "board" {
  external_id = "contoso-project-board"
}

# Installed in the chat, and kept at the catalog's latest version.
resource "teams_chat_app_installation" "board" {
  chat_id      = teams_chat.launch.id
  teams_app_id = data.teams_app.board.id
  upgrade      = true
}
