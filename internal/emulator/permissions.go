package emulator

import (
	"fmt"
	"strings"
)

// permissions are the Microsoft Graph permissions each endpoint's v1.0 reference page lists (least
// privileged first); a token needs one of them. Pages: chat-post, chat-get, chat-list, chat-patch,
// chat-delete, chat-list-members, conversationmember-get, chat-post-members, chat-delete-members,
// user-get, appcatalogs-list-teamsapps, chat-list-installedapps, chat-get-installedapps,
// chat-post-installedapps, chat-teamsappinstallation-upgrade, chat-delete-installedapps,
// chat-list-tabs, chat-get-tabs, chat-post-tabs, chat-patch-tabs, chat-delete-tabs.
// Resource-specific consent permissions (….Chat) are listed as the pages do. The "Self" permissions
// (TeamsAppInstallation.ReadWriteSelfForChat…, TeamsTab.ReadWriteSelfForChat…) let an app manage
// only itself; the emulator does not know which app calls, so it does not accept them for writes
// (the stricter reading).
var permissions = map[string]struct{ application, delegated []string }{
	"POST /chats": {
		application: []string{"Chat.Create"},
		delegated:   []string{"Chat.Create", "Chat.ReadWrite"},
	},
	"GET /chats/{id}": {
		application: []string{"ChatSettings.Read.Chat", "Chat.ReadBasic.All", "ChatSettings.ReadWrite.Chat", "Chat.Manage.Chat", "Chat.Read.All", "Chat.ReadWrite.All"},
		delegated:   []string{"Chat.ReadBasic", "Chat.Read", "Chat.ReadWrite"},
	},
	"GET /users/{id}/chats": {
		application: []string{"Chat.ReadBasic.All", "Chat.Read.All", "Chat.ReadWrite.All"},
		delegated:   []string{"Chat.ReadBasic", "Chat.Read", "Chat.ReadWrite"},
	},
	"GET /chats": {
		delegated: []string{"Chat.ReadBasic", "Chat.Read", "Chat.ReadWrite"},
	},
	// chat-list: application permissions only for GET /users/{id}/chats.
	"GET /me/chats": {
		delegated: []string{"Chat.ReadBasic", "Chat.Read", "Chat.ReadWrite"},
	},
	"PATCH /chats/{id}": {
		application: []string{"ChatSettings.ReadWrite.Chat", "Chat.Manage.Chat", "Chat.ReadWrite.All"},
		delegated:   []string{"Chat.ReadWrite"},
	},
	"DELETE /chats/{id}": {
		application: []string{"Chat.ManageDeletion.Chat", "Chat.ManageDeletion.All"},
		delegated:   []string{"Chat.ManageDeletion.All"},
	},
	"GET /chats/{id}/members": {
		application: []string{"ChatMember.Read.All", "Chat.Manage.Chat", "Chat.Read.All", "Chat.ReadBasic.All", "Chat.ReadWrite.All", "ChatMember.Read.Chat", "ChatMember.ReadWrite.All"},
		delegated:   []string{"Chat.ReadBasic", "ChatMember.ReadWrite", "Chat.Read", "Chat.ReadWrite", "ChatMember.Read"},
	},
	"GET /chats/{id}/members/{id}": {
		application: []string{"ChatMember.Read.All", "Chat.Manage.Chat", "Chat.Read.All", "Chat.ReadBasic.All", "Chat.ReadWrite.All", "ChatMember.Read.Chat", "ChatMember.ReadWrite.All"},
		delegated:   []string{"Chat.ReadBasic", "ChatMember.ReadWrite", "Chat.Read", "Chat.ReadWrite", "ChatMember.Read"},
	},
	"POST /chats/{id}/members": {
		application: []string{"Chat.Manage.Chat", "Chat.ReadWrite.All", "ChatMember.ReadWrite.All"},
		delegated:   []string{"ChatMember.ReadWrite", "Chat.ReadWrite"},
	},
	"DELETE /chats/{id}/members/{id}": {
		application: []string{"Chat.Manage.Chat", "ChatMember.ReadWrite.All", "Chat.ReadWrite.All"},
		delegated:   []string{"ChatMember.ReadWrite", "Chat.ReadWrite"},
	},
	"GET /appCatalogs/teamsApps": {
		application: []string{"AppCatalog.Read.All", "AppCatalog.ReadWrite.All"},
		delegated:   []string{"AppCatalog.Submit", "AppCatalog.Read.All", "AppCatalog.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"},
	},
	// No page documents one app by id; appcatalogs-list-teamsapps' list is taken for it.
	"GET /appCatalogs/teamsApps/{id}": {
		application: []string{"AppCatalog.Read.All", "AppCatalog.ReadWrite.All"},
		delegated:   []string{"AppCatalog.Submit", "AppCatalog.Read.All", "AppCatalog.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"},
	},
	"GET /chats/{id}/installedApps":               installedAppsRead,
	"GET /chats/{id}/installedApps/{id}":          installedAppsRead,
	"POST /chats/{id}/installedApps":              installedAppsWrite,
	"POST /chats/{id}/installedApps/{id}/upgrade": installedAppsWrite,
	"DELETE /chats/{id}/installedApps/{id}":       installedAppsWrite,
	"GET /chats/{id}/tabs":                        tabsRead,
	"GET /chats/{id}/tabs/{id}":                   tabsRead,
	"POST /chats/{id}/tabs": {
		application: []string{"TeamsTab.Create", "TeamsTab.ReadWriteForChat.All", "TeamsTab.ReadWrite.All"},
		delegated:   []string{"TeamsTab.Create", "TeamsTab.ReadWriteForChat", "TeamsTab.ReadWrite.All"},
	},
	"PATCH /chats/{id}/tabs/{id}":  tabsWrite,
	"DELETE /chats/{id}/tabs/{id}": tabsWrite,
	"GET /users/{id}": {
		application: []string{"User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"},
		delegated:   []string{"User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"},
	},
}

var (
	installedAppsRead = struct{ application, delegated []string }{
		application: []string{"TeamsAppInstallation.ReadForChat.All", "TeamsAppInstallation.ReadWriteSelfForChat.All", "TeamsAppInstallation.ReadWriteForChat.All",
			"TeamsAppInstallation.ReadWriteAndConsentSelfForChat.All", "TeamsAppInstallation.ReadWriteAndConsentForChat.All", "Chat.Manage.Chat"},
		delegated: []string{"TeamsAppInstallation.ReadForChat", "TeamsAppInstallation.ReadWriteSelfForChat", "TeamsAppInstallation.ReadWriteForChat",
			"TeamsAppInstallation.ReadWriteAndConsentSelfForChat", "TeamsAppInstallation.ReadWriteAndConsentForChat"},
	}
	installedAppsWrite = struct{ application, delegated []string }{
		application: []string{"TeamsAppInstallation.ReadWriteForChat.All", "TeamsAppInstallation.ReadWriteAndConsentForChat.All",
			"TeamsAppInstallation.ManageSelectedForChat.All", "Chat.Manage.Chat"},
		delegated: []string{"TeamsAppInstallation.ReadWriteForChat", "TeamsAppInstallation.ReadWriteAndConsentForChat", "TeamsAppInstallation.ManageSelectedForChat"},
	}
	tabsRead = struct{ application, delegated []string }{
		application: []string{"TeamsTab.Read.All", "TeamsTab.ReadWriteSelfForChat.All", "TeamsTab.Read.Chat", "TeamsTab.ReadWrite.All", "TeamsTab.ReadWrite.Chat", "TeamsTab.ReadWriteForChat.All"},
		delegated:   []string{"TeamsTab.Read.All", "TeamsTab.ReadWriteSelfForChat", "TeamsTab.ReadWrite.All", "TeamsTab.ReadWriteForChat"},
	}
	tabsWrite = struct{ application, delegated []string }{
		application: []string{"TeamsTab.ReadWrite.All", "TeamsTab.ReadWrite.Chat", "TeamsTab.ReadWriteForChat.All"},
		delegated:   []string{"TeamsTab.ReadWrite.All", "TeamsTab.ReadWriteForChat"},
	}
)

// missingPermission answers Graph's 403 text when the caller's token carries permission claims and
// none of those the endpoint's page lists; "" when the request may go on (a token without claims
// is not checked, as before claims were read).
func missingPermission(method, route string, c caller) string {
	if c.granted == nil {
		return ""
	}
	p, ok := permissions[method+" "+route]
	if !ok {
		return ""
	}
	need := p.application
	if c.delegated {
		need = p.delegated
	}
	for _, g := range c.granted {
		for _, n := range need {
			if strings.EqualFold(g, n) {
				return ""
			}
		}
	}
	kind := "role"
	if c.delegated {
		kind = "scope"
	}
	if len(need) == 0 {
		return fmt.Sprintf("Missing %s permissions on the request. API does not support this kind of caller.", kind)
	}
	return fmt.Sprintf("Missing %s permissions on the request. API requires one of '%s'. %ss on the request '%s'.",
		kind, strings.Join(need, ", "), strings.ToUpper(kind[:1])+kind[1:], strings.Join(c.granted, ", "))
}
