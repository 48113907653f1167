// Package rules holds the create-chat API's rules as pure functions. The provider's plan-time
// validators and the attribute descriptions both read them, so behaviour and docs agree.
package rules

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ChatTypes are the chat types POST /chats accepts.
var ChatTypes = []string{"oneOnOne", "group"}

// Roles are the member roles Graph accepts; every member has exactly one.
var Roles = []string{"owner", "guest"}

// DeletionBehaviors are the choices of what `terraform destroy` does to a chat.
var DeletionBehaviors = []string{"delete", "forget"}

// MaxTopicLength is the longest topic Graph accepts, in characters.
const MaxTopicLength = 250

// OneOnOneMembers is the member count of a one-on-one chat; MinGroupMembers the least for a group;
// MaxGroupMembers the most Teams allows in a group chat (limits-specifications-teams).
const (
	OneOnOneMembers = 2
	MinGroupMembers = 2
	MaxGroupMembers = 250
)

// Quote renders values as `"a"`, `"b"` for messages and descriptions.
func Quote(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}

// IsGUID reports whether s is a GUID in the 8-4-4-4-12 hexadecimal form.
func IsGUID(s string) bool { return guidProblem(s) == "" }

// guidProblem says why s is not a GUID ("" when it is one).
func guidProblem(s string) string {
	groups := strings.Split(s, "-")
	want := []int{8, 4, 4, 4, 12}
	if len(groups) != len(want) {
		return fmt.Sprintf("it has %d dash-separated groups, a GUID has 5 (8-4-4-4-12)", len(groups))
	}
	for i, g := range groups {
		if len(g) != want[i] {
			return fmt.Sprintf("group %d has %d characters, a GUID's has %d (8-4-4-4-12)", i+1, utf8.RuneCountInString(g), want[i])
		}
		for _, r := range g {
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return fmt.Sprintf("%q is not a hexadecimal digit", r)
			}
		}
	}
	return ""
}

// looksLikeGUID is true for strings shaped like a GUID (five dash-separated groups), so that
// a mistyped object id gets a GUID message rather than a UPN one.
func looksLikeGUID(s string) bool {
	return strings.Count(s, "-") == 4 && !strings.Contains(s, "@")
}

// CheckGUID returns a full-sentence problem for a value that must be a GUID ("" if valid).
func CheckGUID(s string) string {
	if p := guidProblem(s); p != "" {
		return fmt.Sprintf("%q is not a GUID: %s. Expected a value like 8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca.", s, p)
	}
	return ""
}

// CheckUser returns a problem for a member's `user` value ("" if valid): it must be an object id
// (a GUID) or a user principal name (name@domain).
func CheckUser(s string) string {
	if s == "" {
		return "The user must not be empty: give an object id (GUID) or a user principal name (name@domain)."
	}
	if looksLikeGUID(s) {
		if p := guidProblem(s); p != "" {
			return fmt.Sprintf("%q is not a valid object id: %s. Give the user's object id as a GUID (like 8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca) or their user principal name (name@domain).", s, p)
		}
		return ""
	}
	if p := upnProblem(s); p != "" {
		return fmt.Sprintf("%q is neither an object id (GUID) nor a user principal name: %s.", s, p)
	}
	return ""
}

func upnProblem(s string) string {
	if !utf8.ValidString(s) {
		return "it is not valid UTF-8"
	}
	at := strings.LastIndex(s, "@")
	if at < 0 {
		return "a user principal name has the form name@domain"
	}
	local, domain := s[:at], s[at+1:]
	switch {
	case local == "":
		return "the part before '@' is empty"
	case len(local) > 113:
		return "the part before '@' is longer than 113 characters"
	case domain == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, "."):
		return "the domain after '@' must be a name like contoso.com"
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return "it contains a space or a control character"
		}
		if strings.ContainsRune(`"()/\<>,;:[]`, r) {
			return fmt.Sprintf("it contains the character %q", r)
		}
	}
	for _, r := range domain {
		if r != '.' && r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return fmt.Sprintf("the domain contains the character %q", r)
		}
	}
	return ""
}

// CheckTopic returns a problem for a chat topic ("" if valid).
func CheckTopic(topic string) string {
	if n := utf8.RuneCountInString(topic); n > MaxTopicLength {
		return fmt.Sprintf("The topic is %d characters long; Graph accepts at most %d.", n, MaxTopicLength)
	}
	if strings.Contains(topic, ":") {
		return "The topic contains ':', which Graph does not accept in chat topics."
	}
	return ""
}

// CheckMemberCount returns a problem when a chat type's member count is wrong ("" if valid).
func CheckMemberCount(chatType string, n int) string {
	switch chatType {
	case "oneOnOne":
		if n != OneOnOneMembers {
			return fmt.Sprintf("A oneOnOne chat has exactly %d members; members lists %d.", OneOnOneMembers, n)
		}
	case "group":
		if n < MinGroupMembers {
			return fmt.Sprintf("A group chat needs at least %d members; members lists %d.", MinGroupMembers, n)
		}
		if n > MaxGroupMembers {
			return fmt.Sprintf("Teams allows at most %d people in a group chat; members lists %d.", MaxGroupMembers, n)
		}
	}
	return ""
}

// NormalizeUser is the comparison key of a user value: object ids and UPNs compare
// case-insensitively.
func NormalizeUser(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Chat id domains: group and meeting chats end in "@thread.v2", oneOnOne chats in
// "@unq.gbl.spaces" (chat-post.md, chat-get.md samples); older chats may end in "@thread.skype".
const (
	groupChatDomain    = "thread.v2"
	oneOnOneChatDomain = "unq.gbl.spaces"
	legacyChatDomain   = "thread.skype"
	channelDomain      = "thread.tacv2"
)

// chatIDExamples closes every chat id message: what to write instead and where to find it.
const chatIDExamples = " A chat id looks like 19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2 (group chat) or " +
	"19:<user id>_<user id>@unq.gbl.spaces (one-on-one chat): use a teams_chat's id, the teams_chat or teams_chats data source, " +
	"or the chat's link in Teams (the part after /l/chat/, URL-decoded)."

// CheckChatID describes what is wrong with a chat id, or returns "". Teams chat ids are
// "19:<id>@thread.v2" for group (and meeting) chats and "19:<guid>_<guid>@unq.gbl.spaces" for
// oneOnOne chats (Graph's chat-post.md samples); the part before '@' holds letters, digits, '_'
// and '-' only.
func CheckChatID(s string) string {
	problem := chatIDProblem(s)
	if problem == "" {
		return ""
	}
	return fmt.Sprintf("%q is not a Teams chat id: %s.", s, problem) + chatIDExamples
}

func chatIDProblem(s string) string {
	if !strings.HasPrefix(s, "19:") {
		return "chat ids start with \"19:\""
	}
	at := strings.LastIndex(s, "@")
	if at < 0 {
		return "it has no '@' and domain (@thread.v2 or @unq.gbl.spaces)"
	}
	body, domain := s[len("19:"):at], s[at+1:]
	switch domain {
	case groupChatDomain, legacyChatDomain:
	case oneOnOneChatDomain:
		a, b, ok := strings.Cut(body, "_")
		if !ok || !IsGUID(a) || !IsGUID(b) {
			return "a one-on-one chat id is 19:<user object id>_<user object id>@unq.gbl.spaces, with two GUIDs"
		}
		return ""
	case channelDomain:
		return "ids ending in @thread.tacv2 are Teams channels, not chats"
	default:
		return fmt.Sprintf("it ends in @%s; chat ids end in @thread.v2 or @unq.gbl.spaces", domain)
	}
	if body == "" {
		return "the part between \"19:\" and '@' is empty"
	}
	for _, r := range body {
		if r >= utf8.RuneSelf || (r != '_' && r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r)) {
			return fmt.Sprintf("it contains the character %q", r)
		}
	}
	return ""
}

// IsOneOnOneChatID reports whether a valid chat id is a oneOnOne chat's: the id alone tells, with
// no request (19:<guid>_<guid>@unq.gbl.spaces).
func IsOneOnOneChatID(s string) bool {
	return CheckChatID(s) == "" && strings.HasSuffix(s, "@"+oneOnOneChatDomain)
}

// CheckGroupChatID reports a oneOnOne chat id given where a group chat is needed: a oneOnOne
// chat's members are fixed (Graph refuses adding or removing them). It returns "" for group chat
// ids and for values that are no chat id at all, which CheckChatID reports.
func CheckGroupChatID(s string) string {
	if !IsOneOnOneChatID(s) {
		return ""
	}
	return fmt.Sprintf("%q is a one-on-one chat (its id ends in @unq.gbl.spaces): a one-on-one chat always has the same two people, "+
		"and Microsoft Graph refuses adding members to it. Give the id of a group chat (19:…@thread.v2), for example a teams_chat "+
		"with chat_type = \"group\" that lists both people and the new one.", s)
}

// CheckHTTPSURL returns a problem for a URL Teams loads (tab content, website and remove URLs):
// it must be an absolute https URL with a host ("" if valid).
func CheckHTTPSURL(s string) string {
	u, err := url.Parse(s)
	switch {
	case strings.TrimSpace(s) != s || strings.ContainsAny(s, " \t\n"):
		return fmt.Sprintf("%q contains spaces: write an absolute https URL such as https://contoso.com/board, with spaces encoded as %%20.", s)
	case err != nil:
		return fmt.Sprintf("%q is not a URL (%s): write an absolute https URL such as https://contoso.com/board.", s, err)
	case !strings.EqualFold(u.Scheme, "https") || u.Host == "" || u.Opaque != "":
		return fmt.Sprintf("%q is not an absolute https URL: Teams loads tab pages over https only. Write the full address, such as https://contoso.com/board.", s)
	}
	return ""
}

// CheckDisplayName returns a problem for a name people see in Teams ("" if valid): it must have
// a character other than white space.
func CheckDisplayName(s string) string {
	if strings.TrimSpace(s) == "" {
		return fmt.Sprintf("The name %q is empty or only white space, which Teams would show as a blank; write the name people should see, such as \"Project board\".", s)
	}
	return ""
}

// CheckInstallableApp returns a problem for an app given to be installed in a chat ("" if
// valid): built-in tab apps, such as the Website tab, need no installation.
func CheckInstallableApp(appID string) string {
	if strings.HasPrefix(strings.ToLower(appID), BuiltInTabAppPrefix) {
		return fmt.Sprintf("%q is a built-in tab app (the Website tab is %s): built-in tabs need no installation in the chat, and Graph "+
			"does not install them. Remove this teams_chat_app_installation and add the tab directly with a teams_chat_tab "+
			"(teams_app_id = %q).", appID, WebsiteTabAppID, appID)
	}
	return ""
}

// Built-in tab apps need no installation in a chat; the Website tab is one of them
// (graph/teams-configuring-builtin-tabs).
const (
	BuiltInTabAppPrefix = "com.microsoft.teamspace.tab."
	WebsiteTabAppID     = "com.microsoft.teamspace.tab.web"
)
