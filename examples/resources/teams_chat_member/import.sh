# A chat member is imported by the chat id and the user's object id (or user principal name):
# <chat_id>/<user>. GET /chats/{chat_id}/members lists the members' object ids (userId); a user who
# is not a member makes the import fail with a list of the chat's members (name: import id).
terraform import teams_chat_member.jacob '19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2/4595d2f2-7b31-446c-84fd-9b795e63114b'
