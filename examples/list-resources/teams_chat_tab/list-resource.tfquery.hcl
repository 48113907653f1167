# Terraform 1.14 and later: the tabs of one chat, with an import block for each.
list "teams_chat_tab" "falcon" {
  provider         = teams
  include_resource = true

  config {
    chat_id = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"
  }
}
