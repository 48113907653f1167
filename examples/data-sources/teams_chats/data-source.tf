# Find the group chat named "Project Phoenix" that Adele and Jacob are both in.
data "teams_chats" "phoenix" {
  user      = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"
  chat_type = "group"
  topic     = "Project Phoenix"
  members   = ["jacob@contoso.com"]
}

output "phoenix_chat_id" {
  # Newest first: the most recent chat of that name.
  value = one(data.teams_chats.phoenix.chats[*].id)
}
