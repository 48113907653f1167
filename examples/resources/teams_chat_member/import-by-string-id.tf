# Terraform 1.5 and later: import with an import block, then `terraform plan`.
import {
  to = teams_chat_member.jacob
  id = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2/jacob@contoso.com"
}

resource "teams_chat_member" "jacob" {
  chat_id = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"
  user    = "jacob@contoso.com"
}
