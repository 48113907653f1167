# A tab is imported by the chat id and the tab id (not the app id): <chat_id>/<tab_id>. The tab id is
# the `id` of the tab's entry in GET /chats/{chat_id}/tabs (Graph Explorer shows it); a wrong id makes
# the import fail with a list of the chat's tabs (tab name: import id).
terraform import teams_chat_tab.board '19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2/794f0e4e-4d10-4bb5-9079-3a465a629eff'
