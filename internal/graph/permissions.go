package graph

// ApplicationPermissions are the Microsoft Graph application permissions the README and the
// provider documentation tell an administrator to grant: with exactly these, every operation of
// the provider is allowed, according to the emulator's permission table, which is generated from
// Microsoft's permission files (TestDocumentedPermissionsAllowEveryOperation). The acceptance suite
// runs against the emulator with a token holding exactly these.
var ApplicationPermissions = []string{
	"Chat.Create",                               // create chats
	"Chat.ReadWrite.All",                        // read and rename chats, list and add members
	"ChatMember.ReadWrite.All",                  // remove members (and so change a member's role)
	"User.Read.All",                             // resolve user principal names
	"Chat.ManageDeletion.All",                   // delete group chats (deletion_behavior = "delete")
	"AppCatalog.Read.All",                       // find apps in the catalog and the version to install (teams_app, installs, upgrades)
	"TeamsAppInstallation.ReadWriteForChat.All", // install, read, upgrade and remove apps in chats
	// install and upgrade apps that declare resource-specific permissions, consenting to them
	// (chat-post-installedapps: the permission above "cannot be used to install apps that require
	// consent to resource-specific permissions")
	"TeamsAppInstallation.ReadWriteAndConsentForChat.All",
	"TeamsTab.ReadWrite.All", // pin, read, change and unpin tabs (TeamsTab.ReadWriteForChat.All cannot change or unpin)
}

// DelegatedPermissions are the delegated permissions the provider documentation tells a signed-in
// user's application to ask for: with exactly these, every operation is allowed to a user who is a
// member of the chat (deleting a chat needs a Teams or tenant administrator besides).
var DelegatedPermissions = []string{
	"Chat.ReadWrite",                                  // create, read and rename chats, list and add members
	"ChatMember.ReadWrite",                            // remove members
	"User.ReadBasic.All",                              // resolve user principal names
	"Chat.ManageDeletion.All",                         // delete group chats
	"AppCatalog.Read.All",                             // find apps in the catalog
	"TeamsAppInstallation.ReadWriteForChat",           // install, read, upgrade and remove apps in chats
	"TeamsAppInstallation.ReadWriteAndConsentForChat", // install and upgrade apps that ask for resource-specific consent
	"TeamsTab.ReadWriteForChat",                       // pin, read, change and unpin tabs
}
