# Find the group chats named "Project Phoenix" that Adele and Jacob are both in.
data "teams_chats" "phoenix" {
  user      = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"
  chat_type = "group"
  topic     = "Project Phoenix"
  members   = ["jacob@contoso.com"]
}

# Teams lets any number of chats share a topic and members, so a look-up can find several:
# one(data.teams_chats.phoenix.chats[*].id) would fail the plan the day someone starts a second
# "Project Phoenix" chat. The list is newest first: take the first for the most recent chat
# (null when there is none), or use every chat.
output "phoenix_chat_id" {
  value = try(data.teams_chats.phoenix.chats[0].id, null)
}

output "phoenix_chats_created" {
  value = { for c in data.teams_chats.phoenix.chats : c.id => c.created_date_time }
}
