# A chat is imported by its id.
terraform import teams_chat.phoenix '19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2'
