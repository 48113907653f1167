# An app installation is imported by the chat id and the installation id (not the app's catalog id):
# <chat_id>/<installation_id>. The installation id is the `id` of the chat's entry for the app in
# GET /chats/{chat_id}/installedApps?$expand=teamsApp (Graph Explorer shows it); a wrong id makes the
# import fail with a list of the chat's installations (app name: import id).
terraform import teams_chat_app_installation.board '19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2/MTk6MWM1YjAxNjk2ZDJlNGExNzljMjkyYmM5Y2YwNGU2M2JAdGhyZWFkLnYyIyM3YTNmMWMyZS01YjhkLTRlNmYtOWEwYi0xYzJkM2U0ZjVhNmI='
