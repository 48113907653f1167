# `terraform test` for the project-chat module. The runs apply against whatever Microsoft Graph the
# provider is pointed at: the local emulator in `make tftest`, which sets TEAMS_GRAPH_ENDPOINT and
# TEAMS_ACCESS_TOKEN (see the guide "Test your modules without a tenant"). The users and apps are the
# emulator's defaults (teams-graph-emulator -h lists them). `terraform test` destroys what the runs
# created when the file ends.
provider "teams" {}

variables {
  name  = "Project Atlas"
  leads = ["8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "alex@contoso.com"]
}

# Plan only: bad inputs stop at the module's validations, before anything reaches Graph.

run "a_colon_in_the_name_is_refused" {
  command = plan
  variables {
    name = "Atlas: launch"
  }
  expect_failures = [var.name]
}

run "one_lead_is_refused" {
  command = plan
  variables {
    leads = ["adele@contoso.com"]
  }
  expect_failures = [var.leads]
}

run "a_lead_listed_twice_is_refused" {
  command = plan
  variables {
    leads = ["adele@contoso.com", "Adele@Contoso.com"]
  }
  expect_failures = [var.leads]
}

run "installing_a_built_in_tab_app_is_refused" {
  command = plan
  variables {
    apps = ["com.microsoft.teamspace.tab.web"]
  }
  expect_failures = [var.apps]
}

run "an_http_tab_is_refused" {
  command = plan
  variables {
    tabs = { "Project site" = { content_url = "http://contoso.com/atlas" } }
  }
  expect_failures = [var.tabs]
}

run "a_tab_of_an_app_not_installed_is_refused" {
  command = plan
  variables {
    tabs = {
      "Launch board" = {
        app_id      = "7a3f1c2e-5b8d-4e6f-9a0b-1c2d3e4f5a6b"
        content_url = "https://board.contoso.com/boards/atlas/tab"
        entity_id   = "atlas"
      }
    }
  }
  expect_failures = [teams_chat_tab.this]
}

# Applied: the chat, its topic, its apps and tabs.

run "creates_the_chat_with_its_leads" {
  assert {
    condition     = startswith(output.chat_id, "19:")
    error_message = "chat_id is not a Teams chat id: ${output.chat_id}"
  }
  assert {
    condition     = teams_chat.this.topic == "Project Atlas"
    error_message = "The chat's topic is ${teams_chat.this.topic}."
  }
}

run "graph_holds_the_chat_and_its_leads" {
  module {
    source = "../../testing/read-chat"
  }
  variables {
    chat_id = run.creates_the_chat_with_its_leads.chat_id
    lead    = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"
  }
  assert {
    condition     = output.topic == "Project Atlas"
    error_message = "Graph gives the topic ${output.topic}."
  }
  assert {
    condition     = sort(keys(output.members)) == sort(["8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "82fe7758-5bb3-4f0d-a43f-e555fd399c6f"])
    error_message = "Graph lists the members ${jsonencode(output.members)}, want the two leads."
  }
}

run "renames_the_topic" {
  variables {
    name = "Project Atlas (launch)"
  }
  assert {
    condition     = teams_chat.this.topic == "Project Atlas (launch)"
    error_message = "The chat's topic is ${teams_chat.this.topic}."
  }
}

# Reads the chat the first apply created, whose id the helper's earlier run passes on: had the rename
# replaced the chat, that one would be gone. (OpenTofu keeps only the latest run of each module under
# run.<name>, so the id comes from the helper's run rather than from creates_the_chat_with_its_leads.)
run "graph_finds_the_same_chat_by_its_new_topic" {
  module {
    source = "../../testing/read-chat"
  }
  variables {
    chat_id = run.graph_holds_the_chat_and_its_leads.chat_id
    lead    = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"
  }
  assert {
    condition     = output.topic == "Project Atlas (launch)"
    error_message = "Graph gives the topic ${output.topic}."
  }
  assert {
    condition     = contains(output.chat_ids_with_topic, output.chat_id)
    error_message = "A look-up by the new topic does not find the chat: ${jsonencode(output.chat_ids_with_topic)}."
  }
}

run "installs_apps_and_pins_tabs" {
  variables {
    name = "Project Atlas (launch)"
    apps = ["1542629c-01b3-4a6d-8f76-1938b779e48d", "7a3f1c2e-5b8d-4e6f-9a0b-1c2d3e4f5a6b"]
    tabs = {
      "Project site" = { content_url = "https://contoso.com/atlas" }
      "Launch board" = {
        app_id      = "7a3f1c2e-5b8d-4e6f-9a0b-1c2d3e4f5a6b"
        content_url = "https://board.contoso.com/boards/atlas/tab"
        website_url = "https://board.contoso.com/boards/atlas"
        entity_id   = "atlas"
      }
    }
  }
  assert {
    condition     = startswith(output.apps["1542629c-01b3-4a6d-8f76-1938b779e48d"], "Forms ") && startswith(output.apps["7a3f1c2e-5b8d-4e6f-9a0b-1c2d3e4f5a6b"], "Project Board ")
    error_message = "Graph lists the installed apps as ${jsonencode(output.apps)}."
  }
  assert {
    condition     = teams_chat_tab.this["Project site"].configuration.website_url == "https://contoso.com/atlas"
    error_message = "The Website tab's website_url is not its content_url."
  }
  assert {
    condition     = teams_chat_tab.this["Launch board"].configuration.entity_id == "atlas"
    error_message = "The board tab's entity_id is ${jsonencode(teams_chat_tab.this["Launch board"].configuration.entity_id)}."
  }
  assert {
    condition     = length(output.tab_urls) == 2 && alltrue([for u in values(output.tab_urls) : startswith(u, "https://")])
    error_message = "Graph gives the tabs' links as ${jsonencode(output.tab_urls)}."
  }
}
