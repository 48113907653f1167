# Module project-chat: creates a project's group chat with its leads, installs the project's apps and
# pins its tabs, and leaves the rest of the roster to other modules (members_exclusive = false).
terraform {
  required_providers {
    teams = {
      source = "teams-terraform/teams"
    }
  }
}

variable "name" {
  type        = string
  description = "The project's name; the chat's topic."

  validation {
    condition     = trimspace(var.name) != "" && length(var.name) <= 250 && !strcontains(var.name, ":")
    error_message = "The project's name becomes the chat's topic: it must not be blank, have more than 250 characters, or contain ':' (Graph refuses a colon in a chat topic)."
  }
}

variable "leads" {
  type        = list(string)
  description = "Object ids or user principal names of the project's leads (owners)."

  validation {
    condition     = length(var.leads) >= 2
    error_message = "A group chat starts with at least two people: list at least two leads (everyone else joins with teams_chat_member, see the chat-people module)."
  }

  validation {
    condition     = length(distinct([for u in var.leads : lower(u)])) == length(var.leads)
    error_message = "Each lead is listed once: leads names someone twice."
  }
}

variable "apps" {
  type        = set(string)
  description = "Catalog ids of the apps to install in the chat (the id of the teams_app data source)."
  default     = []

  validation {
    condition     = alltrue([for a in var.apps : !startswith(a, "com.microsoft.teamspace.tab.")])
    error_message = "Built-in tab apps (com.microsoft.teamspace.tab.*, such as the Website tab) are not installed: list them only in tabs."
  }
}

variable "tabs" {
  type = map(object({
    app_id      = optional(string, "com.microsoft.teamspace.tab.web")
    content_url = string
    website_url = optional(string)
    entity_id   = optional(string)
  }))
  description = "Tabs to pin, by name: a Website tab (the default app_id) with the site's address as content_url, or a tab of an app listed in apps."
  default     = {}

  validation {
    condition     = alltrue([for t in values(var.tabs) : startswith(t.content_url, "https://")])
    error_message = "Teams shows only https pages in a tab: every content_url starts with https://."
  }
}

resource "teams_chat" "this" {
  chat_type         = "group"
  topic             = var.name
  members_exclusive = false
  members           = [for u in var.leads : { user = u, roles = ["owner"] }]
}

resource "teams_chat_app_installation" "this" {
  for_each     = var.apps
  chat_id      = teams_chat.this.id
  teams_app_id = each.value
}

resource "teams_chat_tab" "this" {
  for_each     = var.tabs
  chat_id      = teams_chat.this.id
  teams_app_id = each.value.app_id
  display_name = each.key
  configuration = {
    content_url = each.value.content_url
    website_url = coalesce(each.value.website_url, each.value.content_url)
    entity_id   = each.value.entity_id
  }
  depends_on = [teams_chat_app_installation.this]

  lifecycle {
    precondition {
      condition     = startswith(each.value.app_id, "com.microsoft.teamspace.tab.") || contains(var.apps, each.value.app_id)
      error_message = "The tab \"${each.key}\" belongs to app ${each.value.app_id}, which this module does not install: add the app to apps (only built-in tabs such as the Website tab need no installation)."
    }
  }
}

output "chat_id" {
  value = teams_chat.this.id
}

output "apps" {
  description = "Each installed app's name and version, by catalog id."
  value       = { for id, a in teams_chat_app_installation.this : id => "${a.app_display_name} ${a.app_version}" }
}

output "tab_urls" {
  description = "A link that opens each tab in Teams, by name."
  value       = { for name, t in teams_chat_tab.this : name => t.web_url }
}
