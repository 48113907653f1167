# Read a chat made elsewhere, with every member.
data "teams_chat" "support" {
  id = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"
}

output "support_owners" {
  value = [for m in data.teams_chat.support.members : m.display_name if contains(m.roles, "owner") || length(m.roles) == 0]
}
