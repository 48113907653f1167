# `terraform test` for the chat-people module. The runs apply against whatever Microsoft Graph the
# provider is pointed at: the local emulator in `make tftest`, which sets TEAMS_GRAPH_ENDPOINT and
# TEAMS_ACCESS_TOKEN (see the guide "Test your modules without a tenant"). The users are the
# emulator's defaults (teams-graph-emulator -h lists them). `terraform test` destroys what the runs
# created when the file ends.
provider "teams" {}

# Plan only: bad inputs stop at the module's validations, before anything reaches Graph.

run "a_topic_for_chat_id_is_refused" {
  command = plan
  variables {
    chat_id = "Project Borealis"
    people  = { "jacob@contoso.com" = "owner" }
  }
  expect_failures = [var.chat_id]
}

run "an_unknown_role_is_refused" {
  command = plan
  variables {
    chat_id = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"
    people  = { "jacob@contoso.com" = "member" }
  }
  expect_failures = [var.people]
}

# Applied: a project chat made by the other module, then this module's people in it.

run "setup_project_chat" {
  module {
    source = "../project-chat"
  }
  variables {
    name  = "Project Borealis"
    leads = ["8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "82fe7758-5bb3-4f0d-a43f-e555fd399c6f"]
  }
}

run "adds_the_team" {
  variables {
    chat_id = run.setup_project_chat.chat_id
    people = {
      "jacob@contoso.com"                    = "owner"
      "3626a173-f2bc-4883-bcf7-01514c3bfb82" = "owner"
      "8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a" = "guest"
    }
  }
  assert {
    condition     = length(output.membership_ids) == 3 && alltrue([for id in values(output.membership_ids) : id != ""])
    error_message = "Graph gave the memberships ${jsonencode(output.membership_ids)}."
  }
}

run "graph_lists_the_leads_and_the_team" {
  module {
    source = "../../testing/read-chat"
  }
  variables {
    chat_id = run.setup_project_chat.chat_id
    lead    = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"
  }
  assert {
    condition = sort(keys(output.members)) == sort([
      "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "82fe7758-5bb3-4f0d-a43f-e555fd399c6f",
      "4595d2f2-7b31-446c-84fd-9b795e63114b", "3626a173-f2bc-4883-bcf7-01514c3bfb82", "8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a",
    ])
    error_message = "Graph lists the members ${jsonencode(output.members)}, want the two leads and the team's three."
  }
  assert {
    condition     = output.members["8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a"] == tolist(["guest"]) && !contains(output.members["4595d2f2-7b31-446c-84fd-9b795e63114b"], "guest")
    error_message = "Graph gives the roles ${jsonencode(output.members)}: the guest is a guest, Jacob an owner."
  }
}

run "removes_who_leaves_the_team" {
  variables {
    chat_id = run.setup_project_chat.chat_id
    people = {
      "jacob@contoso.com"                    = "owner"
      "8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a" = "guest"
    }
  }
  assert {
    condition     = sort(keys(output.membership_ids)) == sort(["jacob@contoso.com", "8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a"])
    error_message = "The module keeps the memberships ${jsonencode(output.membership_ids)}."
  }
}

run "graph_no_longer_lists_them_and_keeps_the_leads" {
  module {
    source = "../../testing/read-chat"
  }
  variables {
    chat_id = run.setup_project_chat.chat_id
    lead    = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"
  }
  assert {
    condition     = !contains(keys(output.members), "3626a173-f2bc-4883-bcf7-01514c3bfb82") && length(output.members) == 4
    error_message = "Graph lists the members ${jsonencode(output.members)}, want the leads, Jacob and the guest."
  }
}
