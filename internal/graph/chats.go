package graph

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/chats"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// Chat types accepted by POST /chats.
const (
	ChatTypeOneOnOne = "oneOnOne"
	ChatTypeGroup    = "group"
)

// MaxExpandedMembers is how many members Graph returns through $expand=members.
const MaxExpandedMembers = 25

// Permissions named in errors, per operation: the application permission first, then what a
// signed-in user needs. Each names only permissions that Microsoft's permission data lists for the
// request (TestDocumentedPermissionsAllowEveryOperation).
const (
	permCreate = "Chat.Create"
	permRead   = "Chat.ReadBasic.All (or Chat.ReadWrite.All; signed in: Chat.ReadBasic)"
	// permListMine is what a signed-in user needs to list their own chats.
	permListMine = "Chat.ReadBasic (or Chat.ReadWrite; delegated)"
	permUpdate   = "Chat.ReadWrite.All (signed in: Chat.ReadWrite)"
	permDelete   = "Chat.ManageDeletion.All"
)

// ChatSpec is a chat to create.
type ChatSpec struct {
	ChatType string
	Topic    string
	Members  []MemberSpec
}

// Chat is a chat as Graph returns it.
type Chat struct {
	ID                  string
	ChatType            string
	Topic               string
	TenantID            string
	WebURL              string
	CreatedDateTime     time.Time
	LastUpdatedDateTime time.Time
	Members             []Member
}

// NewCreateChatRequest converts a ChatSpec into the POST /chats body.
func NewCreateChatRequest(graphBase string, spec ChatSpec) models.Chatable {
	body := models.NewChat()
	ct := models.GROUP_CHATTYPE
	if spec.ChatType == ChatTypeOneOnOne {
		ct = models.ONEONONE_CHATTYPE
	}
	body.SetChatType(&ct)
	if spec.ChatType == ChatTypeGroup && spec.Topic != "" {
		topic := spec.Topic
		body.SetTopic(&topic)
	}
	members := make([]models.ConversationMemberable, 0, len(spec.Members))
	for _, m := range spec.Members {
		mm := m
		mm.VisibleHistoryStartDateTime = nil // only meaningful when adding to an existing chat
		members = append(members, newMemberBody(graphBase, mm))
	}
	body.SetMembers(members)
	return body
}

// FormatGraphTime writes a time as Graph does: UTC, with milliseconds.
func FormatGraphTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func tm(p *time.Time) time.Time {
	if p == nil {
		return time.Time{}
	}
	return p.UTC()
}

// NewChat converts the SDK's chat model.
func NewChat(c models.Chatable) Chat {
	out := Chat{
		ID:                  str(c.GetId()),
		Topic:               str(c.GetTopic()),
		TenantID:            str(c.GetTenantId()),
		WebURL:              str(c.GetWebUrl()),
		CreatedDateTime:     tm(c.GetCreatedDateTime()),
		LastUpdatedDateTime: tm(c.GetLastUpdatedDateTime()),
	}
	if ct := c.GetChatType(); ct != nil {
		out.ChatType = ct.String()
	}
	for _, m := range c.GetMembers() {
		out.Members = append(out.Members, NewMember(m))
	}
	return out
}

// CreateChat sends one POST /chats. A group chat POST is never resent after an unclear
// failure (Graph would create a second chat): the error is then an UncertainError.
func (c *Client) CreateChat(ctx context.Context, spec ChatSpec) (Chat, error) {
	if spec.ChatType == ChatTypeGroup {
		ctx = WithNoResend(ctx)
	}
	created, err := call(ctx, permCreate, func(ctx context.Context) (models.Chatable, error) {
		return c.sdk.Chats().Post(ctx, NewCreateChatRequest(c.graphBase(), spec), nil)
	})
	if err != nil {
		return Chat{}, err
	}
	if created == nil || created.GetId() == nil {
		return Chat{}, errors.New("microsoft Graph created the chat but returned no id")
	}
	return NewChat(created), nil
}

// GetChat reads a chat with its members (one request; a second, paged, when Graph's $expand
// limit of 25 members may have cut the list).
func (c *Client) GetChat(ctx context.Context, id string) (Chat, error) {
	got, err := call(ctx, permRead, func(ctx context.Context) (models.Chatable, error) {
		return c.sdk.Chats().ByChatId(id).Get(ctx, &chats.ChatItemRequestBuilderGetRequestConfiguration{
			QueryParameters: &chats.ChatItemRequestBuilderGetQueryParameters{Expand: []string{"members"}},
		})
	})
	if err != nil {
		return Chat{}, err
	}
	chat := NewChat(got)
	if len(chat.Members) >= MaxExpandedMembers {
		members, err := c.ListMembers(ctx, id)
		if err != nil {
			return Chat{}, err
		}
		chat.Members = members
	}
	return chat, nil
}

// RenameChat sets a group chat's topic.
func (c *Client) RenameChat(ctx context.Context, id, topic string) error {
	body := models.NewChat()
	body.SetTopic(&topic)
	_, err := call(ctx, permUpdate, func(ctx context.Context) (models.Chatable, error) {
		return c.sdk.Chats().ByChatId(id).Patch(ctx, body, nil)
	})
	return err
}

// DeleteChat soft-deletes a chat.
func (c *Client) DeleteChat(ctx context.Context, id string) error {
	_, err := call(ctx, permDelete, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.sdk.Chats().ByChatId(id).Delete(ctx, nil)
	})
	return err
}

// ChatFilter narrows ListUserChats; empty fields are not filtered on.
type ChatFilter struct {
	ChatType string
	Topic    string
}

func (f ChatFilter) odata() *string {
	var parts []string
	if f.ChatType != "" {
		parts = append(parts, odataEq("chatType", f.ChatType))
	}
	if f.Topic != "" {
		parts = append(parts, odataEq("topic", f.Topic))
	}
	if len(parts) == 0 {
		return nil
	}
	s := strings.Join(parts, " and ")
	return &s
}

// ListUserChats lists the chats of a user (application permissions; a delegated caller may list
// only its own), with members, following @odata.nextLink.
func (c *Client) ListUserChats(ctx context.Context, userID string, f ChatFilter) ([]Chat, error) {
	top := int32(50)
	cfg := &users.ItemChatsRequestBuilderGetRequestConfiguration{
		QueryParameters: &users.ItemChatsRequestBuilderGetQueryParameters{
			Expand: []string{"members"}, Filter: f.odata(), Top: &top,
		},
	}
	builder := c.sdk.Users().ByUserId(userID).Chats()
	return collectChats(ctx, permRead, func(ctx context.Context, next string) (models.ChatCollectionResponseable, error) {
		if next != "" {
			return builder.WithUrl(next).Get(ctx, nil)
		}
		return builder.Get(ctx, cfg)
	})
}

// ListMyChats lists the signed-in user's chats (GET /chats: delegated permissions), with members,
// following @odata.nextLink.
func (c *Client) ListMyChats(ctx context.Context, f ChatFilter) ([]Chat, error) {
	top := int32(50)
	cfg := &chats.ChatsRequestBuilderGetRequestConfiguration{
		QueryParameters: &chats.ChatsRequestBuilderGetQueryParameters{
			Expand: []string{"members"}, Filter: f.odata(), Top: &top,
		},
	}
	builder := c.sdk.Chats()
	return collectChats(ctx, permListMine, func(ctx context.Context, next string) (models.ChatCollectionResponseable, error) {
		if next != "" {
			return builder.WithUrl(next).Get(ctx, nil)
		}
		return builder.Get(ctx, cfg)
	})
}

// collectChats reads every page of a chat list; get reads the first page for next == "", else
// the page at that @odata.nextLink.
func collectChats(ctx context.Context, permission string, get func(ctx context.Context, next string) (models.ChatCollectionResponseable, error)) ([]Chat, error) {
	var out []Chat
	next := ""
	for {
		page, err := call(ctx, permission, func(ctx context.Context) (models.ChatCollectionResponseable, error) {
			return get(ctx, next)
		})
		if err != nil {
			return nil, err
		}
		for _, ch := range page.GetValue() {
			out = append(out, NewChat(ch))
		}
		if next = str(page.GetOdataNextLink()); next == "" {
			return out, nil
		}
	}
}
