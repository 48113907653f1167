# Terraform 1.14 and later, in a file ending in .tfquery.hcl: `terraform query` lists the group
# chats of Adele whose topic is "Project Falcon" and Alex is in; `terraform query
# -generate-config-out=chats.tf` writes a teams_chat block and an import block for each.
list "teams_chat" "falcon" {
  provider         = teams
  include_resource = true

  config {
    user      = "adele@contoso.com"
    chat_type = "group"
    topic     = "Project Falcon"
    members   = ["82fe7758-5bb3-4f0d-a43f-e555fd399c6f"]
  }
}
