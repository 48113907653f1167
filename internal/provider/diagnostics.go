package provider

import (
	"strings"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

func destroyEffect(behavior string) string {
	if behavior == "delete" {
		return "deletes this existing chat for both people"
	}
	return "leaves the chat in Teams"
}

func createErrorDetail(err error) string {
	msg := sentence(err.Error())
	switch {
	case graph.IsLookupFailed(err):
		// The message says what may exist, how to find it and how to import it.
	case graph.IsForbidden(err):
		msg += " When the provider signs in as a user (delegated permissions), that user must be one of the members; an application needs the Chat.Create permission."
	case graph.IsNotFound(err):
		msg += " Check that every member's user exists in the directory (and, for another organisation's user, that tenant_id is right)."
	case graph.IsUncertain(err):
		msg += " No chat with these members and topic was found afterwards; apply again to retry."
	}
	return msg
}

// sentence makes an error text end like a sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
