package graph

// ApplicationPermissions are the Microsoft Graph application permissions the README and the
// provider documentation tell an administrator to grant: with exactly these, every operation of
// the provider is allowed. The acceptance suite runs against the emulator with a token holding
// exactly these (the emulator checks each endpoint against Microsoft's list), and a test keeps the
// README's list equal to this one. ChatMember.ReadWrite.All is not among them: Chat.ReadWrite.All,
// needed to rename, also covers member changes (chat-post-members, chat-delete-members).
var ApplicationPermissions = []string{
	permCreate, // create chats
	permUpdate, // read and rename chats; list, add and remove their members
	permUsers,  // resolve user principal names
	"Chat.ManageDeletion.All",
	"AppCatalog.Read.All", // find apps in the catalog and the version to install (teams_app, installs, upgrades)
	"TeamsAppInstallation.ReadWriteForChat.All", // install, read, upgrade and remove apps in chats
	// install and upgrade apps that declare resource-specific permissions, consenting to them
	// (chat-post-installedapps: the permission above "cannot be used to install apps that require
	// consent to resource-specific permissions")
	"TeamsAppInstallation.ReadWriteAndConsentForChat.All",
	"TeamsTab.ReadWriteForChat.All", // pin, read, change and unpin tabs in chats
}
