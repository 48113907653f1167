# Find the organisation's project board app by the id in its manifest.
data "teams_app" "board" {
  external_id = "contoso-project-board"
}

output "board_app" {
  value = "${data.teams_app.board.display_name} ${data.teams_app.board.version} (${data.teams_app.board.id})"
}
