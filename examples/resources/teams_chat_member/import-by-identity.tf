# Terraform 1.12 and later (and OpenTofu 1.12): import with the member's identity, then `terraform plan`.
import {
  to = teams_chat_member.jacob
  identity = {
    chat_id = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"
    user_id = "5d8d505c-864f-4804-88c7-4583c966cde8"
  }
}

resource "teams_chat_member" "jacob" {
  chat_id = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"
  user    = "jacob@contoso.com"
}
